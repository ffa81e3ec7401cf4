// Test material for the aws-chunked decoder's tests: the S3 API reference's
// chunked upload examples (64 KiB + 1 KiB of 'a', their published chunk
// signatures), an encoder that frames bodies as the SDKs do, and helpers that
// feed a body to the decoder in given pieces. Test code, kept out of dist/
// (tsconfig.build.json excludes *.fixtures.ts).
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3Error, type S3ErrorCode } from '../errors.js';
import { AwsChunkedDecoder, type ChunkDecoderOptions } from './chunkDecoder.js';
import { sha256Hex } from './canonicalRequest.js';
import { canonicalTrailer, chunkSignature, trailerSignature } from './chunkSignature.js';
import { EMPTY_SHA256 } from './constants.js';
import { deriveSigningKey } from './signingKey.js';
import type { ChunkSigning } from './types.js';

// The S3 API reference's chunked upload examples: 64 KiB + 1 KiB of 'a'.
export const KEY = deriveSigningKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1', 's3');
export const SCOPE = '20130524/us-east-1/s3/aws4_request';
export const AMZ_DATE = '20130524T000000Z';
export const A = Buffer.alloc(66560, 'a');
export const signing = (seedSignature: string): ChunkSigning => ({ signingKey: KEY, seedSignature, scope: SCOPE, amzDate: AMZ_DATE });

export function framed(sizeAndExt: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${sizeAndExt}\r\n`), data, Buffer.from('\r\n')]);
}

export const AWS_SIGNED_BODY = Buffer.concat([
  framed('10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648', A.subarray(0, 65536)),
  framed('400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497', A.subarray(65536)),
  Buffer.from('0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n'),
]);

export const awsTrailerBody = (afterFinal: string): Buffer =>
  Buffer.concat([
    framed('10000;chunk-signature=b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2', A.subarray(0, 65536)),
    framed('400;chunk-signature=1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7', A.subarray(65536)),
    Buffer.from(
      `0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n${afterFinal}` +
        'x-amz-checksum-crc32c:sOO8/Q==\r\n' +
        'x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n',
    ),
  ]);

/** aws-chunked encoding as the SDKs write it, signed or not, with an optional checksum trailer. */
export function encode(chunks: Buffer[], opts: { sign?: ChunkSigning; trailer?: [string, string] }): Buffer {
  const parts: Buffer[] = [];
  let previous = opts.sign?.seedSignature ?? '';
  const ext = (data: Buffer): string => {
    if (opts.sign === undefined) return '';
    const hash = data.length === 0 ? EMPTY_SHA256 : sha256Hex(data);
    previous = chunkSignature(opts.sign.signingKey, opts.sign.amzDate, opts.sign.scope, previous, hash);
    return `;chunk-signature=${previous}`;
  };
  for (const c of chunks) parts.push(framed(`${c.length.toString(16)}${ext(c)}`, c));
  parts.push(Buffer.from(`0${ext(Buffer.alloc(0))}\r\n`));
  if (opts.trailer !== undefined) {
    parts.push(Buffer.from(`${opts.trailer[0]}:${opts.trailer[1]}\r\n`));
    if (opts.sign !== undefined) {
      const sig = trailerSignature(opts.sign.signingKey, opts.sign.amzDate, opts.sign.scope, previous, canonicalTrailer([opts.trailer]));
      parts.push(Buffer.from(`x-amz-trailer-signature:${sig}\r\n`));
    }
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

export interface Decoded {
  data: Buffer;
  checksum: ReturnType<AwsChunkedDecoder['trailingChecksum']>;
}

export async function decode(body: Buffer, pieces: number[] | ((len: number) => number[]), options: ChunkDecoderOptions): Promise<Decoded> {
  const sizes = typeof pieces === 'function' ? pieces(body.length) : pieces;
  const inputs: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    inputs.push(body.subarray(at, at + size));
    at += size;
  }
  if (at < body.length) inputs.push(body.subarray(at));
  const decoder = new AwsChunkedDecoder(options);
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(inputs),
    decoder,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        out.push(chunk);
        cb();
      },
    }),
  );
  return { data: Buffer.concat(out), checksum: decoder.trailingChecksum() };
}

export async function decodeFails(body: Buffer, options: ChunkDecoderOptions, code: S3ErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(decode(body, [body.length], options), (err: unknown) => {
    assert.ok(err instanceof S3Error, String(err));
    assert.equal(err.code, code, err.message);
    if (message !== undefined) assert.match(err.message, message);
    return true;
  });
}

/** Random piece sizes from 1 byte to 20 KiB, reproducible from a seed. */
export function randomSplits(seed: number): (len: number) => number[] {
  return (len) => {
    let x = seed;
    const sizes: number[] = [];
    for (let total = 0; total < len;) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const size = 1 + (x % (x % 3 === 0 ? 16 : 20480));
      sizes.push(size);
      total += size;
    }
    return sizes;
  };
}
