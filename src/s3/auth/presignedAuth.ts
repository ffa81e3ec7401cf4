// Verifies a presigned request (SigV4 in the query string).
import { S3Error } from '../errors.js';
import { formatIsoSeconds, parseAmzDate } from './amzDate.js';
import {
  ALGORITHM,
  MAX_PRESIGN_EXPIRES_SECONDS,
  MAX_SKEW_MS,
  Q_ALGORITHM,
  Q_CREDENTIAL,
  Q_DATE,
  Q_EXPIRES,
  Q_SECURITY_TOKEN,
  Q_SIGNATURE,
  Q_SIGNED_HEADERS,
  UNSIGNED_PAYLOAD,
} from './constants.js';
import { checkScopeDate, parseCredential, parseSignedHeaders, QUERY_FORM } from './credential.js';
import { classifyPayloadHash, resolvePayload, singleHeader } from './payloadMode.js';
import type { SigningKeyCache } from './signingKey.js';
import type { AuthInput, AuthResult, SecretLookup } from './types.js';
import { canonicalQueryString, type QueryParam } from './uriEncode.js';
import { secretFor } from './secret.js';
import { signedHeaderSource, verifySignature } from './verifySignature.js';

function queryError(message: string): S3Error {
  return new S3Error('AuthorizationQueryParametersError', message);
}

/** Seconds a presigned URL stays valid: 1..604800. */
function parseExpires(value: string): number {
  if (!/^-?\d+$/.test(value)) throw queryError('X-Amz-Expires should be a number');
  const seconds = Number(value);
  if (seconds < 0) throw queryError('X-Amz-Expires must be non-negative');
  if (seconds > MAX_PRESIGN_EXPIRES_SECONDS) {
    throw queryError(`X-Amz-Expires must be less than a week (in seconds) that is; ${MAX_PRESIGN_EXPIRES_SECONDS}`);
  }
  if (seconds === 0) throw queryError('X-Amz-Expires must be at least 1 second');
  return seconds;
}

export function authenticatePresigned(
  input: AuthInput,
  params: readonly QueryParam[],
  lookup: SecretLookup,
  keys: SigningKeyCache,
): AuthResult {
  const get = (name: string): string | undefined => params.find((p) => p.name === name)?.value;
  const algorithm = get(Q_ALGORITHM);
  const credentialValue = get(Q_CREDENTIAL);
  const amzDate = get(Q_DATE);
  const expiresValue = get(Q_EXPIRES);
  const signedHeadersValue = get(Q_SIGNED_HEADERS);
  const signature = get(Q_SIGNATURE);
  if (
    algorithm === undefined ||
    credentialValue === undefined ||
    amzDate === undefined ||
    expiresValue === undefined ||
    signedHeadersValue === undefined ||
    signature === undefined
  ) {
    throw queryError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (algorithm !== ALGORITHM) throw queryError(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const credential = parseCredential(credentialValue, QUERY_FORM);
  const signedAtMs = parseAmzDate(amzDate);
  if (signedAtMs === undefined) {
    throw queryError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  checkScopeDate(credential, amzDate, QUERY_FORM);
  const expiresSeconds = parseExpires(expiresValue);
  const signedHeaders = parseSignedHeaders(signedHeadersValue, QUERY_FORM);

  if (signedAtMs - input.nowMs > MAX_SKEW_MS) throw new S3Error('AccessDenied', 'Request is not valid yet');
  const expiresAtMs = signedAtMs + expiresSeconds * 1000;
  if (input.nowMs > expiresAtMs) {
    throw new S3Error('AccessDenied', 'Request has expired', {
      'X-Amz-Expires': expiresValue,
      Expires: formatIsoSeconds(expiresAtMs),
      ServerTime: formatIsoSeconds(input.nowMs),
    });
  }

  const secret = secretFor(lookup, credential.accessKeyId);
  const source = signedHeaderSource(input, signedHeaders);

  // A presigned URL cannot know its body: UNSIGNED-PAYLOAD, unless the client
  // also sent x-amz-content-sha256 (as a header, or signed into the query).
  const payloadHash = (singleHeader(input.headers, 'x-amz-content-sha256') ?? get('X-Amz-Content-Sha256') ?? UNSIGNED_PAYLOAD).trim();
  const payloadKind = classifyPayloadHash(payloadHash);

  const signingKey = keys.get(credential.accessKeyId, secret, credential.date, credential.region, credential.service);
  // Body framing errors (411 without x-amz-decoded-content-length, a bad
  // x-amz-trailer) are reported even when the signature is also wrong.
  const resolved = resolvePayload(payloadKind, input.headers, {
    signingKey,
    seedSignature: signature,
    scope: credential.scope,
    amzDate,
  });
  verifySignature({
    accessKeyId: credential.accessKeyId,
    method: input.method,
    rawPath: input.rawPath,
    canonicalQuery: canonicalQueryString(params, Q_SIGNATURE),
    headers: source,
    signedHeaders,
    signedHeadersRaw: signedHeadersValue,
    payloadHash,
    amzDate,
    scope: credential.scope,
    signingKey,
    provided: signature,
  });

  const result: AuthResult = {
    accessKeyId: credential.accessKeyId,
    region: credential.region,
    payload: resolved.payload,
    authType: 'REST-QUERY-STRING',
    signedAtMs,
  };
  if (resolved.decodedContentLength !== undefined) result.decodedContentLength = resolved.decodedContentLength;
  const token = get(Q_SECURITY_TOKEN);
  if (token !== undefined) result.sessionToken = token;
  return result;
}
