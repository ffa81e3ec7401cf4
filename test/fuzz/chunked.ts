// aws-chunked bodies (signed chunks, signed chunks with a signed trailer, or
// unsigned chunks with a trailer), framed correctly and then broken on
// purpose: bad sizes, wrong signatures, missing final chunk or trailer, cut.
import { crc32 } from 'node:zlib';
import type { Rng } from './prng.js';
import type { ChunkPlan } from './request.js';
import { hmacHex, sha256Hex, type Signed } from './sign.js';

const EMPTY_SHA256 = sha256Hex('');
export const CHUNK_FAULTS = [
  'bad-size',
  'size-off-by-one',
  'wrong-signature',
  'missing-final',
  'missing-trailer',
  'wrong-trailer-signature',
  'bad-checksum',
  'extra-after',
  'truncate',
  'long-line',
  'lf-only',
  'unknown-trailer',
  'huge-size',
  'empty-chunks',
] as const;

export const STREAMING_HASH: Record<ChunkPlan['mode'], string> = {
  signed: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'signed-trailer': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'unsigned-trailer': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
};

const BAD_SIZES = ['zz', '-1', ' 10', '0x10', '1'.repeat(20), '', '+5', '1.5', '８', 'ffffffffffffffff', '10 ; x'];

/** Frames `plan.data` and applies `plan.faults`; `rng` picks where. */
export function frameChunked(plan: ChunkPlan, chain: Signed['chain'], rng: Rng): Buffer {
  const faults = new Set(plan.faults);
  const signed = plan.mode !== 'unsigned-trailer';
  const eol = faults.has('lf-only') ? '\n' : '\r\n';
  const parts: Buffer[] = [];
  let previous = chain.seedSignature;
  const chunkSig = (data: Buffer): string => {
    const sig = hmacHex(
      chain.key,
      `AWS4-HMAC-SHA256-PAYLOAD\n${chain.amzDate}\n${chain.scope}\n${previous}\n${EMPTY_SHA256}\n${sha256Hex(data)}`,
    );
    previous = sig;
    return sig;
  };
  const pieces: Buffer[] = [];
  // At most 512 chunks: each signed one costs this process an HMAC, and a
  // megabyte of 1-byte chunks blocked the fuzzer's own event loop for 8 s
  // (its in-flight requests then looked like server hangs).
  const chunkBytes = Math.max(plan.chunkBytes, Math.ceil(plan.data.length / 512));
  for (let at = 0; at < plan.data.length; at += chunkBytes) pieces.push(plan.data.subarray(at, at + chunkBytes));
  if (faults.has('empty-chunks')) pieces.splice(rng.int(pieces.length + 1), 0, Buffer.alloc(0));
  const faultyIndex = rng.int(Math.max(1, pieces.length));
  pieces.forEach((piece, i) => {
    let size = piece.length.toString(16);
    if (i === faultyIndex && faults.has('bad-size')) size = rng.pick(BAD_SIZES);
    if (i === faultyIndex && faults.has('size-off-by-one')) size = (piece.length + rng.pick([-1, 1])).toString(16);
    if (i === faultyIndex && faults.has('huge-size')) size = rng.pick(['7fffffffffffffff', 'fffffffffffffff', '100000000']);
    let ext = '';
    if (signed) {
      let sig = chunkSig(piece);
      if (i === faultyIndex && faults.has('wrong-signature')) sig = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
      ext = `;chunk-signature=${sig}`;
    }
    if (i === faultyIndex && faults.has('long-line')) ext += `;x=${'a'.repeat(rng.pick([100, 5000, 70_000]))}`;
    parts.push(Buffer.from(`${size}${ext}${eol}`, 'latin1'), piece, Buffer.from(eol));
  });
  if (!faults.has('missing-final')) {
    const last = signed ? `0;chunk-signature=${chunkSig(Buffer.alloc(0))}` : '0';
    parts.push(Buffer.from(`${last}${eol}`));
    if (plan.mode === 'signed') parts.push(Buffer.from(eol));
    else if (!faults.has('missing-trailer')) {
      const value = faults.has('bad-checksum') ? 'AAAAAA==' : crc32Base64(plan.data);
      const name = faults.has('unknown-trailer') ? 'x-amz-checksum-sha1' : 'x-amz-checksum-crc32';
      const trailer = `${name}:${value}`;
      parts.push(Buffer.from(`${trailer}${eol}`));
      if (plan.mode === 'signed-trailer') {
        let sig = hmacHex(
          chain.key,
          `AWS4-HMAC-SHA256-TRAILER\n${chain.amzDate}\n${chain.scope}\n${previous}\n${sha256Hex(`${trailer}\n`)}`,
        );
        if (faults.has('wrong-trailer-signature')) sig = sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
        parts.push(Buffer.from(`x-amz-trailer-signature:${sig}${eol}`));
      }
      parts.push(Buffer.from(eol));
    }
  }
  if (faults.has('extra-after')) parts.push(rng.chance(0.5) ? Buffer.from('5\r\nhello\r\n0\r\n\r\n') : rng.bytes(rng.range(1, 64)));
  const body = Buffer.concat(parts);
  return faults.has('truncate') ? body.subarray(0, rng.int(body.length)) : body;
}

function crc32Base64(data: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out.toString('base64');
}
