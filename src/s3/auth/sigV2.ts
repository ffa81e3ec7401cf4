// AWS Signature Version 2: HMAC-SHA1 in "Authorization: AWS AKID:sig" or in
// presigned URLs (AWSAccessKeyId, Expires, Signature). AWS keeps it for old
// clients, and boto3 still presigns with it against custom endpoints unless
// told otherwise, so refusing it breaks generate_presigned_url() out of the box.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../errors.js';
import { checkSkew, formatIsoSeconds, headerRequestTime } from './amzDate.js';
import { MAX_PRESIGN_EXPIRES_SECONDS } from './constants.js';
import { singleHeader } from './payloadMode.js';
import { secretFor } from './secret.js';
import type { AuthInput, AuthResult, SecretLookup } from './types.js';

/** Query parameters that are part of the signed resource (the S3 "sub-resources"). */
const SUBRESOURCES = new Set([
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'delete',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'location',
  'logging',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'partNumber',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'retention',
  'select',
  'select-type',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
]);

interface V2Request {
  accessKeyId: string;
  signature: string;
  /** The Date line of the string to sign: the Date header, '' with x-amz-date, or Expires for presigned URLs. */
  dateLine: string;
}

/**
 * The canonical resource: the path as sent (with the host's bucket for
 * virtual-host requests) and the sorted sub-resources. `bucketSlash` adds the
 * trailing slash that some clients (botocore) sign for a bare "/bucket" path.
 */
function canonicalResource(input: AuthInput, bucketSlash: boolean): string {
  let resource = (input.hostBucket === undefined ? '' : `/${input.hostBucket}`) + input.rawPath;
  if (bucketSlash) resource += '/';
  if (input.rawQuery === '') return resource;
  const picked: Array<[string, string | undefined]> = [];
  for (const pair of input.rawQuery.split('&')) {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (!SUBRESOURCES.has(name)) continue;
    picked.push([name, eq === -1 ? undefined : safeDecode(pair.slice(eq + 1))]);
  }
  if (picked.length === 0) return resource;
  picked.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  resource += `?${picked.map(([n, v]) => (v === undefined ? n : `${n}=${v}`)).join('&')}`;
  return resource;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function canonicalAmzHeaders(headers: IncomingHttpHeaders): string {
  const names = Object.keys(headers)
    .filter((n) => n.startsWith('x-amz-'))
    .sort();
  let out = '';
  for (const name of names) {
    const raw = headers[name];
    const value = (Array.isArray(raw) ? raw : [raw ?? '']).map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
    out += `${name}:${value}\n`;
  }
  return out;
}

function stringToSignV2(input: AuthInput, dateLine: string, bucketSlash = false): string {
  const h = input.headers;
  return `${input.method}\n${singleHeader(h, 'content-md5') ?? ''}\n${singleHeader(h, 'content-type') ?? ''}\n${dateLine}\n${canonicalAmzHeaders(h)}${canonicalResource(input, bucketSlash)}`;
}

/** A path naming only a bucket ("/bucket"), which clients sign with or without a trailing slash. */
function isBareBucketPath(input: AuthInput): boolean {
  return input.hostBucket === undefined ? /^\/[^/]+$/.test(input.rawPath) : input.rawPath === '';
}

function verify(
  input: AuthInput,
  request: V2Request,
  lookup: SecretLookup,
  authType: AuthResult['authType'],
  signedAtMs: number,
): AuthResult {
  const secret = secretFor(lookup, request.accessKeyId);
  const provided = Buffer.from(request.signature, 'base64');
  const matches = (toSign: string): boolean => {
    const expected = createHmac('sha1', secret).update(toSign, 'utf8').digest();
    return provided.length === expected.length && timingSafeEqual(provided, expected);
  };
  const stringToSign = stringToSignV2(input, request.dateLine);
  if (!matches(stringToSign) && !(isBareBucketPath(input) && matches(stringToSignV2(input, request.dateLine, true)))) {
    throw new S3Error('SignatureDoesNotMatch', undefined, {
      AWSAccessKeyId: request.accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: request.signature,
    });
  }
  return { accessKeyId: request.accessKeyId, region: 'us-east-1', payload: { kind: 'unsigned' }, authType, signedAtMs };
}

/** "Authorization: AWS AKID:base64(hmac-sha1)". */
export function authenticateV2Header(input: AuthInput, authorization: string, lookup: SecretLookup): AuthResult {
  const m = /^AWS\s+([^:\s]+):(\S+)$/.exec(authorization.trim());
  if (m === null)
    throw new S3Error(
      'AuthorizationHeaderMalformed',
      'The authorization header is malformed; Signature Version 2 expects "AWS AccessKeyId:Signature".',
    );
  const time = headerRequestTime(input.headers);
  checkSkew(time, input.nowMs);
  // With x-amz-date, the Date line is empty and x-amz-date is signed among the amz headers.
  const dateLine = input.headers['x-amz-date'] !== undefined ? '' : (singleHeader(input.headers, 'date') ?? '');
  return verify(input, { accessKeyId: m[1]!, signature: m[2]!, dateLine }, lookup, 'REST-HEADER', time.ms);
}

/** A presigned URL: ?AWSAccessKeyId=…&Expires=<epoch seconds>&Signature=…; other parameters are part of the URL. */
export function authenticateV2Query(
  input: AuthInput,
  params: ReadonlyArray<{ name: string; value: string }>,
  lookup: SecretLookup,
): AuthResult {
  const get = (name: string): string | undefined => params.find((p) => p.name === name)?.value;
  const accessKeyId = get('AWSAccessKeyId');
  const signature = get('Signature');
  const expires = get('Expires');
  if (accessKeyId === undefined || signature === undefined || expires === undefined || !/^\d+$/.test(expires)) {
    throw new S3Error('AccessDenied', 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters');
  }
  const expiresMs = Number(expires) * 1000;
  if (input.nowMs > expiresMs) {
    throw new S3Error('AccessDenied', 'Request has expired', {
      Expires: formatIsoSeconds(expiresMs),
      ServerTime: formatIsoSeconds(input.nowMs),
    });
  }
  // The same week-long cap as a V4 presigned URL: a V2 URL must not be a way around it.
  if (expiresMs - input.nowMs > MAX_PRESIGN_EXPIRES_SECONDS * 1000) {
    throw new S3Error('AccessDenied', `Expires must be less than a week (in seconds) from now, that is; ${MAX_PRESIGN_EXPIRES_SECONDS}`, {
      Expires: formatIsoSeconds(expiresMs),
      ServerTime: formatIsoSeconds(input.nowMs),
    });
  }
  return verify(input, { accessKeyId, signature, dateLine: expires }, lookup, 'REST-QUERY-STRING', input.nowMs);
}
