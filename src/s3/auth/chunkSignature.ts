// Signatures of aws-chunked bodies: each chunk signs its data and the
// signature before it (the first link is the request's own signature), and the
// trailer signs the trailing headers and the last chunk's signature.
import { CHUNK_ALGORITHM, EMPTY_SHA256, TRAILER_ALGORITHM } from './constants.js';
import { sha256Hex } from './canonicalRequest.js';
import { hmacHex } from './signingKey.js';

export function chunkStringToSign(amzDate: string, scope: string, previousSignature: string, chunkSha256Hex: string): string {
  return `${CHUNK_ALGORITHM}\n${amzDate}\n${scope}\n${previousSignature}\n${EMPTY_SHA256}\n${chunkSha256Hex}`;
}

export function chunkSignature(key: Buffer, amzDate: string, scope: string, previousSignature: string, chunkSha256Hex: string): string {
  return hmacHex(key, chunkStringToSign(amzDate, scope, previousSignature, chunkSha256Hex));
}

/** Trailing headers as they are signed: 'name:value\n' for each, in the order sent. */
export function canonicalTrailer(trailers: ReadonlyArray<readonly [string, string]>): string {
  let out = '';
  for (const [name, value] of trailers) out += `${name}:${value}\n`;
  return out;
}

function trailerStringToSign(amzDate: string, scope: string, previousSignature: string, canonical: string): string {
  return `${TRAILER_ALGORITHM}\n${amzDate}\n${scope}\n${previousSignature}\n${sha256Hex(canonical)}`;
}

export function trailerSignature(key: Buffer, amzDate: string, scope: string, previousSignature: string, canonical: string): string {
  return hmacHex(key, trailerStringToSign(amzDate, scope, previousSignature, canonical));
}
