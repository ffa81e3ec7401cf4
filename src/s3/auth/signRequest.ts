// The client side of SigV4: signs a request for Lode's own tools (the admin
// CLI, the benchmark's load generator) with the same canonical forms the
// server verifies, so both ends share one implementation of the rules.
import { canonicalRequest, credentialScope, sha256Hex, stringToSign } from './canonicalRequest.js';
import { formatAmzDate } from './amzDate.js';
import { deriveSigningKey, hmacHex } from './signingKey.js';
import { ALGORITHM, SERVICE, UNSIGNED_PAYLOAD } from './constants.js';
import { canonicalPath, canonicalQueryString, parseQuery } from './uriEncode.js';

export interface SignInput {
  method: string;
  /** Host header value (host:port). */
  host: string;
  /** Path as it will be sent: percent-encoded, without the query. */
  rawPath: string;
  /** Query as it will be sent, without '?'. */
  rawQuery?: string;
  /** Extra headers to sign (lower-case names). */
  headers?: Record<string, string>;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  /** Hex SHA-256 of the body, or UNSIGNED-PAYLOAD (the default: no hashing on the client). */
  payloadHash?: string;
  nowMs?: number;
  /** Derived keys, to skip four HMACs per request when signing many. */
  keyCache?: Map<string, Buffer>;
}

/** Returns the headers to send: the given ones plus host, x-amz-date, x-amz-content-sha256 and authorization. */
export function signRequest(input: SignInput): Record<string, string> {
  const amzDate = formatAmzDate(input.nowMs ?? Date.now());
  const date = amzDate.slice(0, 8);
  const region = input.region ?? 'us-east-1';
  const payloadHash = input.payloadHash ?? UNSIGNED_PAYLOAD;
  const headers: Record<string, string> = {
    ...input.headers,
    host: input.host,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': payloadHash,
  };
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const canonicalHeaders = names.map((n) => `${n}:${(headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonical = canonicalRequest({
    method: input.method,
    canonicalUri: canonicalPath(input.rawPath),
    canonicalQuery: canonicalQueryString(parseQuery(input.rawQuery ?? '')),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  });
  const scope = credentialScope(date, region, SERVICE);
  const cacheKey = `${input.accessKeyId}/${date}/${region}`;
  let key = input.keyCache?.get(cacheKey);
  if (key === undefined) {
    key = deriveSigningKey(input.secretAccessKey, date, region, SERVICE);
    input.keyCache?.set(cacheKey, key);
  }
  const signature = hmacHex(key, stringToSign(amzDate, scope, canonical));
  headers['authorization'] =
    `${ALGORITHM} Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}

export { sha256Hex };
