// SigV4 for S3: who signed a request, and how its body is framed.
//
//   const auth = authenticate(authInputFrom(req, Date.now()), lookup); // null = anonymous
//   const { body, trailingChecksum } = decodePayload(req, auth);       // aws-chunked → bytes
import type { IncomingMessage } from 'node:http';
import { finished, type Readable } from 'node:stream';
import { S3Error, isS3Error } from '../errors.js';
import { AwsChunkedDecoder, type ChunkDecoderOptions } from './chunkDecoder.js';
import { Q_ALGORITHM, Q_SIGNATURE } from './constants.js';
import { authenticateHeader } from './headerAuth.js';
import { singleHeader } from './payloadMode.js';
import { authenticatePresigned } from './presignedAuth.js';
import { authenticateV2Header, authenticateV2Query } from './sigV2.js';
import { SigningKeyCache } from './signingKey.js';
import type { AuthInput, AuthResult, DecodedPayload, SecretLookup } from './types.js';
import { parseQuery } from './uriEncode.js';

export type { AuthInput, AuthResult, ChunkSigning, DecodedPayload, PayloadMode, SecretLookup } from './types.js';
export { SigningKeyCache } from './signingKey.js';
export { AwsChunkedDecoder } from './chunkDecoder.js';

export interface AuthOptions {
  /** Derived signing keys; defaults to one cache shared by this module. */
  keyCache?: SigningKeyCache;
}

// A deliberate per-process cache: a memo of pure derivations (no behaviour,
// no I/O; an entry is used only with the secret it was derived from), so it is
// safe to share. Pass your own through AuthOptions to scope or size it differently.
const sharedKeyCache = new SigningKeyCache();

/**
 * Verifies the request's signature (header or presigned query). Returns null
 * for an anonymous request (no Authorization header and no
 * X-Amz-Algorithm/X-Amz-Signature query). Throws S3Error on any failure.
 */
export function authenticate(input: AuthInput, lookup: SecretLookup, options: AuthOptions = {}): AuthResult | null {
  const keys = options.keyCache ?? sharedKeyCache;
  const authorization = singleHeader(input.headers, 'authorization');
  const hasHeader = authorization !== undefined && authorization.trim() !== '';
  // Parse the query only when it can hold a signature: most requests have none.
  const params = /X-Amz-|Signature=/.test(input.rawQuery) ? parseQuery(input.rawQuery) : [];
  const presigned = params.some((p) => p.name === Q_ALGORITHM || p.name === Q_SIGNATURE);
  if (hasHeader && presigned) {
    throw new S3Error(
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      { ArgumentName: 'Authorization', ArgumentValue: authorization ?? '' },
    );
  }
  if (hasHeader) {
    if (/^AWS\s/.test(authorization ?? '')) return authenticateV2Header(input, authorization ?? '', lookup);
    return authenticateHeader(input, authorization ?? '', lookup, keys);
  }
  if (presigned) return authenticatePresigned(input, params, lookup, keys);
  if (params.some((p) => p.name === 'AWSAccessKeyId') || params.some((p) => p.name === 'Signature'))
    return authenticateV2Query(input, params, lookup);
  return null;
}

/**
 * For streaming payloads: a Transform that turns the aws-chunked body into
 * plain bytes, verifying chunk signatures (signed modes) and parsing trailers.
 * For other modes returns the raw stream unchanged.
 *
 * On a decoding error `body` errors with an S3Error and `raw` is unpiped (and
 * left paused, never destroyed, so the server can still answer with the error).
 */
export function decodePayload(raw: Readable, auth: AuthResult): DecodedPayload {
  const mode = auth.payload;
  if (mode.kind !== 'streaming') return { body: raw, trailingChecksum: () => undefined };
  if (auth.decodedContentLength === undefined) {
    throw new S3Error('MissingContentLength', 'You must provide the x-amz-decoded-content-length header with an aws-chunked payload.');
  }
  const options: ChunkDecoderOptions = { decodedContentLength: auth.decodedContentLength, trailer: mode.trailer };
  if (mode.trailerHeader !== undefined) options.declaredTrailer = mode.trailerHeader;
  if (mode.signedChunks) {
    options.signing = { signingKey: mode.signingKey, seedSignature: mode.seedSignature, scope: mode.scope, amzDate: mode.amzDate };
  }
  const decoder = new AwsChunkedDecoder(options);
  raw.pipe(decoder);
  // pipe() forwards neither errors nor a connection closed mid-body; without
  // this a truncated upload would leave the decoder waiting forever.
  finished(raw, { writable: false }, (err) => {
    if (err === undefined || err === null) return;
    decoder.destroy(isS3Error(err) ? err : new S3Error('IncompleteBody', `The request body ended early: ${err.message}`));
  });
  return { body: decoder, trailingChecksum: () => decoder.trailingChecksum() };
}

/** Builds an AuthInput from node's request: the request target split as sent, headers untouched. */
export function authInputFrom(req: IncomingMessage, nowMs: number): AuthInput {
  let target = req.url ?? '/';
  if (!target.startsWith('/')) {
    // absolute-form (http://host/path?q), as sent through some proxies
    const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(target);
    if (authority !== null) target = target.slice(authority[0].length);
    if (!target.startsWith('/')) target = `/${target}`;
  }
  const q = target.indexOf('?');
  return {
    method: req.method ?? 'GET',
    rawPath: q === -1 ? target : target.slice(0, q),
    rawQuery: q === -1 ? '' : target.slice(q + 1),
    headers: req.headers,
    headersDistinct: req.headersDistinct,
    nowMs,
  };
}
export { signRequest, type SignInput } from './signRequest.js';
