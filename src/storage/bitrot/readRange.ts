// Ranged reads of a shard file: only the blocks covering the requested
// shard bytes are read and verified, and the bytes outside the range are
// trimmed off. For a GET with Range, the erasure reader maps the object
// range to a range of stripes, and so of blocks in each shard file.
import { blocksCovering } from './geometry.js';
import type { PositionalReader } from './source.js';
import { verifiedBlocks, type BitrotReadOptions } from './verifiedBlocks.js';

/** The verified shard bytes [shardOffset, shardOffset + length), as consecutive pieces (zero-copy slices of the reads). */
export async function* bitrotRangePieces(source: PositionalReader, shardOffset: number, length: number, options: BitrotReadOptions): AsyncGenerator<Buffer, void, undefined> {
  const span = blocksCovering(shardOffset, length, options.blockBytes, options.totalShardBytes);
  if (span === undefined) return;
  const rangeEnd = shardOffset + length;
  for await (const { index, data } of verifiedBlocks(source, { ...options, firstBlock: span.first, endBlock: span.last + 1 })) {
    const blockStart = index * options.blockBytes;
    const from = Math.max(shardOffset, blockStart) - blockStart;
    const to = Math.min(rangeEnd, blockStart + data.length) - blockStart;
    yield from === 0 && to === data.length ? data : data.subarray(from, to);
  }
}

/** The verified shard bytes [shardOffset, shardOffset + length) in one Buffer: for ranges that fit in memory. */
export async function readBitrotRange(source: PositionalReader, shardOffset: number, length: number, options: BitrotReadOptions): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of bitrotRangePieces(source, shardOffset, length, options)) pieces.push(piece);
  return pieces.length === 1 && pieces[0] !== undefined ? pieces[0] : Buffer.concat(pieces, length);
}
