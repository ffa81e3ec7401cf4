// The checks the header form and the presigned form share: every x-amz-*
// header is signed, and the signature matches the canonical request.
import { S3Error } from '../errors.js';
import { canonicalHeaders, canonicalRequest, stringToSign, type HeaderSource } from './canonicalRequest.js';
import { hmacHex, signaturesEqual } from './signingKey.js';
import type { AuthInput } from './types.js';
import { canonicalPath } from './uriEncode.js';

/** The request's headers as the canonical request reads them, once every x-amz-* header among them is known to be signed. */
export function signedHeaderSource(input: AuthInput, signedHeaders: readonly string[]): HeaderSource {
  const source: HeaderSource =
    input.headersDistinct === undefined ? { headers: input.headers } : { headers: input.headers, headersDistinct: input.headersDistinct };
  checkAllAmzHeadersSigned(source, signedHeaders);
  return source;
}

/**
 * S3 refuses x-amz-* headers that the signature does not cover (they change
 * what a request does: x-amz-copy-source, x-amz-acl, ...). x-amz-content-sha256
 * is tolerated unsigned, as S3 does. x-amzn-* (trace ids) are not x-amz-*.
 */
function checkAllAmzHeadersSigned(source: HeaderSource, signedHeaders: readonly string[]): void {
  const unsigned: string[] = [];
  for (const name of Object.keys(source.headers)) {
    if (name.startsWith('x-amz-') && name !== 'x-amz-content-sha256' && !signedHeaders.includes(name)) {
      unsigned.push(name);
    }
  }
  if (unsigned.length > 0) {
    throw new S3Error('AccessDenied', 'There were headers present in the request which were not signed', {
      HeadersNotSigned: unsigned.join(', '),
    });
  }
}

export interface SignatureCheck {
  accessKeyId: string;
  method: string;
  rawPath: string;
  canonicalQuery: string;
  headers: HeaderSource;
  signedHeaders: readonly string[];
  signedHeadersRaw: string;
  payloadHash: string;
  amzDate: string;
  scope: string;
  signingKey: Buffer;
  provided: string;
}

/**
 * Throws SignatureDoesNotMatch unless `provided` signs the request. The path
 * is canonicalised (decode, re-encode once); clients that sign the path as
 * they sent it with other escaping get one more try with the raw path.
 */
export function verifySignature(c: SignatureCheck): void {
  const headerLines = canonicalHeaders(c.headers, c.signedHeaders);
  const canonicalUri = canonicalPath(c.rawPath);
  const rawUri = c.rawPath === '' ? '/' : c.rawPath;
  let first: { canonical: string; toSign: string } | undefined;
  for (const uri of canonicalUri === rawUri ? [canonicalUri] : [canonicalUri, rawUri]) {
    const canonical = canonicalRequest({
      method: c.method,
      canonicalUri: uri,
      canonicalQuery: c.canonicalQuery,
      canonicalHeaders: headerLines,
      signedHeaders: c.signedHeadersRaw,
      payloadHash: c.payloadHash,
    });
    const toSign = stringToSign(c.amzDate, c.scope, canonical);
    if (signaturesEqual(hmacHex(c.signingKey, toSign), c.provided)) return;
    first ??= { canonical, toSign };
  }
  // S3 returns what it signed so that a person can diff it against their client's.
  const canonical = first?.canonical ?? '';
  const toSign = first?.toSign ?? '';
  throw new S3Error('SignatureDoesNotMatch', undefined, {
    AWSAccessKeyId: c.accessKeyId,
    StringToSign: toSign,
    SignatureProvided: c.provided,
    StringToSignBytes: hexBytes(toSign),
    CanonicalRequest: canonical,
    CanonicalRequestBytes: hexBytes(canonical),
  });
}

/** '41 42 0a' — the form S3 uses for *Bytes elements. */
function hexBytes(text: string): string {
  return Buffer.from(text, 'utf8')
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
}
