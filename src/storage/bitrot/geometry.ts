// Where things are in a shard file: a sequence of blocks, each preceded by
// its hash: [hash][blockBytes of shard data] ... [hash][last, shorter block].
// Pure arithmetic shared by the writer, the readers and the engine (which
// needs the on-disk size and which blocks a byte range touches).
import { hashBytesOf, type BitrotAlgorithm } from './hash.js';

function checkBlockBytes(blockBytes: number): void {
  if (!Number.isSafeInteger(blockBytes) || blockBytes < 1) throw new RangeError(`Invalid bitrot block size ${blockBytes}: a positive whole number of bytes.`);
}

function checkByteCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Invalid ${name} ${value}: a whole number of bytes ≥ 0.`);
}

/** Number of blocks holding `shardBytes` (0 for an empty shard). */
export function blockCountOf(shardBytes: number, blockBytes: number): number {
  checkByteCount('shard size', shardBytes);
  checkBlockBytes(blockBytes);
  return Math.ceil(shardBytes / blockBytes);
}

/** Size on disk of a shard file holding `shardBytes` bytes of shard data. */
export function bitrotFileSize(shardBytes: number, blockBytes: number, algorithm: BitrotAlgorithm): number {
  return shardBytes + blockCountOf(shardBytes, blockBytes) * hashBytesOf(algorithm);
}

/** Shard bytes held by block `blockIndex` of a shard of `totalShardBytes` (the last block may be shorter). */
export function blockLengthOf(blockIndex: number, blockBytes: number, totalShardBytes: number): number {
  return Math.max(0, Math.min(blockBytes, totalShardBytes - blockIndex * blockBytes));
}

/** File offset of block `blockIndex`'s hash (its data follows the hash). */
export function blockFileOffset(blockIndex: number, blockBytes: number, hashBytes: number): number {
  return blockIndex * (blockBytes + hashBytes);
}

/** The blocks covering shard bytes [shardOffset, shardOffset + length): first and last index, inclusive. Empty ranges: undefined. */
export function blocksCovering(shardOffset: number, length: number, blockBytes: number, totalShardBytes: number): { first: number; last: number } | undefined {
  checkByteCount('shard offset', shardOffset);
  checkByteCount('length', length);
  checkByteCount('shard size', totalShardBytes);
  checkBlockBytes(blockBytes);
  if (shardOffset + length > totalShardBytes) {
    throw new RangeError(`Range [${shardOffset}, ${shardOffset + length}) is past the end of the shard (${totalShardBytes} bytes).`);
  }
  if (length === 0) return undefined;
  return { first: Math.floor(shardOffset / blockBytes), last: Math.floor((shardOffset + length - 1) / blockBytes) };
}
