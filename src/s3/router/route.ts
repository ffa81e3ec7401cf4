// (method, host, path, query) → the AWS operation it names. Pure: no I/O.
import { S3Error } from '../errors.js';
import type { OperationName } from './operations.js';

export interface Endpoint {
  operation: OperationName;
  bucket?: string;
  key?: string;
  query: URLSearchParams;
  /** The bucket came from the Host header (virtual-host-style). */
  hostStyle?: true;
}

export interface RouteInput {
  method: string;
  /** Host header, lower-cased, possibly with a port. */
  host: string | undefined;
  /** Raw request path, percent-encoded, without the query. */
  rawPath: string;
  rawQuery: string;
  /** Whether the request carries x-amz-copy-source. */
  hasCopySource: boolean;
  /** Server's base domain for virtual-host-style requests. */
  domain?: string;
}

export function route(input: RouteInput): Endpoint {
  const query = new URLSearchParams(input.rawQuery);
  const { bucket, key, hostStyle } = locate(input);
  const operation =
    bucket === undefined
      ? serviceOperation(input.method)
      : key === undefined
        ? bucketOperation(input.method, query)
        : objectOperation(input.method, query, input.hasCopySource);
  const endpoint: Endpoint = { operation, query };
  if (bucket !== undefined) endpoint.bucket = bucket;
  if (key !== undefined) endpoint.key = key;
  if (hostStyle === true) endpoint.hostStyle = true;
  return endpoint;
}

function locate(input: RouteInput): { bucket?: string; key?: string; hostStyle?: true } {
  const hostBucket = virtualHostBucket(input.host, input.domain);
  const path = input.rawPath;
  if (!path.startsWith('/')) throw new S3Error('InvalidURI');
  if (hostBucket !== undefined) {
    const key = decode(path.slice(1));
    return key === '' ? { bucket: hostBucket, hostStyle: true } : { bucket: hostBucket, key, hostStyle: true };
  }
  const rest = path.slice(1);
  if (rest === '') return {};
  const slash = rest.indexOf('/');
  if (slash === -1) return { bucket: decode(rest) };
  const bucket = decode(rest.slice(0, slash));
  // '//key': no bucket name at all. It must not reach the store, whose index refuses empty keys (an InternalError).
  if (bucket === '')
    throw new S3Error('InvalidBucketName', 'The specified bucket is not valid: the bucket name is empty.', { BucketName: '' });
  const key = decode(rest.slice(slash + 1));
  return key === '' ? { bucket } : { bucket, key };
}

function virtualHostBucket(host: string | undefined, domain: string | undefined): string | undefined {
  if (host === undefined || domain === undefined) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (name === domain || !name.endsWith(`.${domain}`)) return undefined;
  return name.slice(0, -(domain.length + 1));
}

/** Percent-decoding of a path: '+' stays a literal plus (S3 semantics, unlike forms). */
function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI: bad percent-encoding.");
  }
}

function serviceOperation(method: string): OperationName {
  if (method === 'GET') return 'ListBuckets';
  throw methodNotAllowed(method, 'GET');
}

function bucketOperation(method: string, q: URLSearchParams): OperationName {
  switch (method) {
    case 'GET':
      if (q.has('location')) return 'GetBucketLocation';
      if (q.has('uploads')) return 'ListMultipartUploads';
      if (q.has('versioning')) return 'GetBucketVersioning';
      if (q.has('acl')) return 'GetBucketAcl';
      if (q.has('policy')) return 'GetBucketPolicy';
      if (q.has('lifecycle')) return 'GetBucketLifecycleConfiguration';
      if (q.has('tagging')) return 'GetBucketTagging';
      if (q.has('cors')) return 'GetBucketCors';
      if (q.has('encryption')) return 'GetBucketEncryption';
      if (q.has('object-lock')) return 'GetObjectLockConfiguration';
      if (q.has('website')) return 'GetBucketWebsite';
      if (q.has('versions')) return 'ListObjectVersions';
      if (unsupportedSubresource(q)) return 'Unsupported';
      if (q.get('list-type') === '2') return 'ListObjectsV2';
      return 'ListObjects';
    case 'HEAD':
      return 'HeadBucket';
    case 'PUT':
      if (q.has('versioning')) return 'PutBucketVersioning';
      if (q.has('tagging')) return 'PutBucketTagging';
      if (q.has('lifecycle')) return 'PutBucketLifecycleConfiguration';
      if (q.has('object-lock')) return 'PutObjectLockConfiguration';
      if (unsupportedSubresource(q) || q.has('policy') || q.has('cors') || q.has('encryption') || q.has('website')) return 'Unsupported';
      if (q.has('acl')) return 'PutBucketAcl';
      return 'CreateBucket';
    case 'DELETE':
      if (q.has('tagging')) return 'DeleteBucketTagging';
      if (q.has('lifecycle')) return 'DeleteBucketLifecycle';
      if (q.size > 0 && [...q.keys()].some((k) => SUBRESOURCES.has(k) || BUCKET_CONFIGS.has(k))) return 'Unsupported';
      return 'DeleteBucket';
    case 'POST':
      if (q.has('delete')) return 'DeleteObjects';
      return 'Unsupported';
    default:
      throw methodNotAllowed(method, 'GET, HEAD, PUT, DELETE, POST');
  }
}

function objectOperation(method: string, q: URLSearchParams, hasCopySource: boolean): OperationName {
  switch (method) {
    case 'GET':
      if (q.has('uploadId')) return 'ListParts';
      if (q.has('acl')) return 'GetObjectAcl';
      if (q.has('tagging')) return 'GetObjectTagging';
      if (q.has('retention')) return 'GetObjectRetention';
      if (q.has('legal-hold')) return 'GetObjectLegalHold';
      if (unsupportedSubresource(q)) return 'Unsupported';
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'PUT':
      if (q.has('acl')) return 'PutObjectAcl';
      if (q.has('tagging')) return 'PutObjectTagging';
      if (q.has('retention')) return 'PutObjectRetention';
      if (q.has('legal-hold')) return 'PutObjectLegalHold';
      if (unsupportedSubresource(q)) return 'Unsupported';
      if (q.has('uploadId') || q.has('partNumber')) {
        if (!q.has('uploadId') || !q.has('partNumber'))
          throw new S3Error('InvalidRequest', 'UploadPart needs both partNumber and uploadId.');
        return hasCopySource ? 'UploadPartCopy' : 'UploadPart';
      }
      return hasCopySource ? 'CopyObject' : 'PutObject';
    case 'DELETE':
      if (q.has('uploadId')) return 'AbortMultipartUpload';
      if (q.has('tagging')) return 'DeleteObjectTagging';
      if (unsupportedSubresource(q)) return 'Unsupported';
      return 'DeleteObject';
    case 'POST':
      if (q.has('uploads')) return 'CreateMultipartUpload';
      if (q.has('uploadId')) return 'CompleteMultipartUpload';
      return 'Unsupported';
    default:
      throw methodNotAllowed(method, 'GET, HEAD, PUT, DELETE, POST');
  }
}

/** Sub-resources of features Lode does not have yet: answered NotImplemented, never with another operation's XML. */
const SUBRESOURCES = new Set([
  'restore',
  'select',
  'torrent',
  'attributes',
  'replication',
  'notification',
  'logging',
  'requestPayment',
  'accelerate',
  'analytics',
  'inventory',
  'metrics',
  'intelligent-tiering',
  'ownershipControls',
  'publicAccessBlock',
  'policyStatus',
  'renameObject',
  'session',
]);

/** Bucket configurations without a DELETE operation of their own here. */
const BUCKET_CONFIGS = new Set(['versioning', 'policy', 'cors', 'encryption', 'object-lock', 'website', 'acl']);

function unsupportedSubresource(q: URLSearchParams): boolean {
  for (const name of q.keys()) if (SUBRESOURCES.has(name)) return true;
  return false;
}

function methodNotAllowed(method: string, allow: string): S3Error {
  return new S3Error(
    'MethodNotAllowed',
    `The specified method ${method} is not allowed against this resource.`,
    { Method: method, ResourceType: 'OBJECT' },
    { Allow: allow },
  );
}
