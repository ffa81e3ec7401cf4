// Verifies a request signed in the Authorization header.
import { S3Error } from '../errors.js';
import { checkSkew, headerRequestTime } from './amzDate.js';
import { parseAuthorizationHeader } from './authorizationHeader.js';
import { checkScopeDate, HEADER_FORM } from './credential.js';
import { classifyPayloadHash, resolvePayload, singleHeader } from './payloadMode.js';
import type { SigningKeyCache } from './signingKey.js';
import type { AuthInput, AuthResult, SecretLookup } from './types.js';
import { canonicalQueryString, parseQuery } from './uriEncode.js';
import { secretFor } from './secret.js';
import { signedHeaderSource, verifySignature } from './verifySignature.js';

export function authenticateHeader(input: AuthInput, authorization: string, lookup: SecretLookup, keys: SigningKeyCache): AuthResult {
  const auth = parseAuthorizationHeader(authorization);
  const { credential } = auth;
  const time = headerRequestTime(input.headers);
  checkScopeDate(credential, time.amzDate, HEADER_FORM);
  checkSkew(time, input.nowMs);

  // S3 signs the body through this header; header-signed requests must send it.
  const contentSha256 = singleHeader(input.headers, 'x-amz-content-sha256');
  if (contentSha256 === undefined) {
    throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  const payloadHash = contentSha256.trim();
  const payloadKind = classifyPayloadHash(payloadHash);

  const secret = secretFor(lookup, credential.accessKeyId);
  const source = signedHeaderSource(input, auth.signedHeaders);

  const signingKey = keys.get(credential.accessKeyId, secret, credential.date, credential.region, credential.service);
  // Body framing errors (411 without x-amz-decoded-content-length, a bad
  // x-amz-trailer) are reported even when the signature is also wrong.
  const resolved = resolvePayload(payloadKind, input.headers, {
    signingKey,
    seedSignature: auth.signature,
    scope: credential.scope,
    amzDate: time.amzDate,
  });
  verifySignature({
    accessKeyId: credential.accessKeyId,
    method: input.method,
    rawPath: input.rawPath,
    canonicalQuery: canonicalQueryString(parseQuery(input.rawQuery)),
    headers: source,
    signedHeaders: auth.signedHeaders,
    signedHeadersRaw: auth.signedHeadersRaw,
    payloadHash,
    amzDate: time.amzDate,
    scope: credential.scope,
    signingKey,
    provided: auth.signature,
  });

  const result: AuthResult = {
    accessKeyId: credential.accessKeyId,
    region: credential.region,
    payload: resolved.payload,
    authType: 'REST-HEADER',
    signedAtMs: time.ms,
  };
  if (resolved.decodedContentLength !== undefined) result.decodedContentLength = resolved.decodedContentLength;
  const token = singleHeader(input.headers, 'x-amz-security-token');
  if (token !== undefined) result.sessionToken = token;
  return result;
}
