// Test material for the authenticate() tests: the S3 API reference's example
// credentials (examplebucket, AKIAIOSFODNN7EXAMPLE, 20130524T000000Z) and its
// presigned URL, a request builder, assertion helpers, and a client signer.
// Test code, kept out of dist/ (tsconfig.build.json excludes *.fixtures.ts).
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error, type S3ErrorCode } from '../errors.js';
import { canonicalHeaders, canonicalRequest, stringToSign } from './canonicalRequest.js';
import type { AuthInput, AuthResult } from './index.js';
import { deriveSigningKey, hmacHex } from './signingKey.js';

export const AK = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const NOW = Date.UTC(2013, 4, 24, 0, 0, 0);
export const HOST = 'examplebucket.s3.amazonaws.com';
export const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const lookup = (id: string): string | undefined => (id === AK ? SECRET : undefined);

export function auth(signedHeaders: string, signature: string, sep = ','): string {
  return `AWS4-HMAC-SHA256 Credential=${AK}/20130524/us-east-1/s3/aws4_request${sep}SignedHeaders=${signedHeaders}${sep}Signature=${signature}`;
}

export function input(method: string, target: string, headers: IncomingHttpHeaders, nowMs = NOW): AuthInput {
  const q = target.indexOf('?');
  return { method, rawPath: q === -1 ? target : target.slice(0, q), rawQuery: q === -1 ? '' : target.slice(q + 1), headers, nowMs };
}

export function ok(result: AuthResult | null): AuthResult {
  assert.ok(result !== null);
  return result;
}

export function rejects(fn: () => unknown, code: S3ErrorCode, message?: RegExp): S3Error {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof S3Error, `expected S3Error ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (message !== undefined) assert.match(caught.message, message);
  return caught;
}

export const getObject = (): IncomingHttpHeaders => ({
  host: HOST,
  range: 'bytes=0-9',
  'x-amz-content-sha256': EMPTY,
  'x-amz-date': '20130524T000000Z',
  authorization: auth('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
});

export const PRESIGNED =
  '/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
  '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
  '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';

/** Signs like a client that canonicalises its own way (URI and query given verbatim). */
export function clientSign(
  method: string,
  canonicalUri: string,
  canonicalQuery: string,
  headers: IncomingHttpHeaders,
  amzDate: string,
): string {
  const signed = Object.keys(headers).sort();
  const canonical = canonicalRequest({
    method,
    canonicalUri,
    canonicalQuery,
    canonicalHeaders: canonicalHeaders({ headers }, signed),
    signedHeaders: signed.join(';'),
    payloadHash: String(headers['x-amz-content-sha256']),
  });
  const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
  const signature = hmacHex(deriveSigningKey(SECRET, amzDate.slice(0, 8), 'us-east-1', 's3'), stringToSign(amzDate, scope, canonical));
  return `AWS4-HMAC-SHA256 Credential=${AK}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
}
