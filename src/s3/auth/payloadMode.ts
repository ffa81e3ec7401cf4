// What x-amz-content-sha256 says about the body, and for aws-chunked bodies
// the headers that must come with it (x-amz-decoded-content-length,
// x-amz-trailer).
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../errors.js';
import { STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER, UNSIGNED_PAYLOAD } from './constants.js';
import { parseDeclaredTrailer } from './trailers.js';
import type { ChunkSigning, PayloadMode } from './types.js';

export type PayloadHashKind =
  { kind: 'unsigned' } | { kind: 'sha256'; expectedHex: string } | { kind: 'streaming'; signedChunks: boolean; trailer: boolean };

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** Classifies an x-amz-content-sha256 value; anything else is InvalidArgument, as S3. */
export function classifyPayloadHash(value: string): PayloadHashKind {
  switch (value) {
    case UNSIGNED_PAYLOAD:
      return { kind: 'unsigned' };
    case STREAMING_SIGNED:
      return { kind: 'streaming', signedChunks: true, trailer: false };
    case STREAMING_SIGNED_TRAILER:
      return { kind: 'streaming', signedChunks: true, trailer: true };
    case STREAMING_UNSIGNED_TRAILER:
      return { kind: 'streaming', signedChunks: false, trailer: true };
  }
  if (SHA256_HEX.test(value)) return { kind: 'sha256', expectedHex: value.toLowerCase() };
  throw new S3Error(
    'InvalidArgument',
    `x-amz-content-sha256 must be ${UNSIGNED_PAYLOAD}, ${STREAMING_UNSIGNED_TRAILER}, ${STREAMING_SIGNED}, ` +
      `${STREAMING_SIGNED_TRAILER} or a valid sha256 value. (ECDSA streaming payloads are not supported.)`,
    { ArgumentName: 'x-amz-content-sha256', ArgumentValue: value },
  );
}

export function singleHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export interface ResolvedPayload {
  payload: PayloadMode;
  decodedContentLength?: number;
}

/** Builds the PayloadMode; for streaming bodies checks the headers the decoder relies on. */
export function resolvePayload(kind: PayloadHashKind, headers: IncomingHttpHeaders, signing: ChunkSigning): ResolvedPayload {
  if (kind.kind !== 'streaming') return { payload: kind };
  const rawLength = singleHeader(headers, 'x-amz-decoded-content-length');
  if (rawLength === undefined) {
    throw new S3Error(
      'MissingContentLength',
      'You must provide the x-amz-decoded-content-length header with an aws-chunked (STREAMING-*) payload.',
    );
  }
  const trimmed = rawLength.trim();
  const decodedContentLength = /^\d{1,16}$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isSafeInteger(decodedContentLength)) {
    throw new S3Error('InvalidArgument', 'x-amz-decoded-content-length must be a non-negative integer.', {
      ArgumentName: 'x-amz-decoded-content-length',
      ArgumentValue: rawLength,
    });
  }
  const declared = kind.trailer ? parseDeclaredTrailer(singleHeader(headers, 'x-amz-trailer')) : undefined;
  const payload: PayloadMode = { kind: 'streaming', signedChunks: kind.signedChunks, trailer: kind.trailer, ...signing };
  if (declared !== undefined) {
    payload.trailerAlgorithm = declared.algorithm;
    payload.trailerHeader = declared.header;
  }
  return { payload, decodedContentLength };
}
