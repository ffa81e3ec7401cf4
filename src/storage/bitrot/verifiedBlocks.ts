// Sequential, verified reading of a shard file: yields each block's shard
// bytes after checking its hash. Reads several blocks per call (up to
// readBytes) to keep system calls or RPCs few, and holds no more than one
// read's worth of memory while the consumer keeps up. Yielded buffers are
// never reused, so a consumer may keep them.
//
// Errors come in file order: the blocks before a bad one are delivered
// first, so the erasure reader only reconstructs from the bad block on.
import { BitrotError } from './BitrotError.js';
import { blockCountOf, blockFileOffset, blockLengthOf } from './geometry.js';
import { BlockHasher, DEFAULT_BITROT_ALGORITHM, type BitrotAlgorithm } from './hash.js';
import { readFully, type PositionalReader } from './source.js';

export const DEFAULT_READ_BYTES = 1024 * 1024;

export interface BitrotReadOptions {
  /** Shard bytes per block, as written. */
  blockBytes: number;
  /** Shard bytes the file holds (its recorded shard size, not the file size). */
  totalShardBytes: number;
  algorithm?: BitrotAlgorithm;
  /** Names the file in errors (for example "<drive root>: <fileId>"). */
  file?: string;
  /** Bytes per read call, and so the memory held; at least one block is read at a time. Default 1 MiB. */
  readBytes?: number;
  signal?: AbortSignal;
}

export interface BlockSpan {
  /** First block to read (default 0). */
  firstBlock?: number;
  /** One past the last block to read (default: the end of the file). */
  endBlock?: number;
}

export interface VerifiedBlock {
  index: number;
  /** The block's shard bytes (blockBytes, or fewer for the last block). */
  data: Buffer;
}

export async function* verifiedBlocks(source: PositionalReader, options: BitrotReadOptions & BlockSpan): AsyncGenerator<VerifiedBlock, void, undefined> {
  const { blockBytes, totalShardBytes, signal } = options;
  const file = options.file ?? 'shard file';
  const hasher = new BlockHasher(options.algorithm ?? DEFAULT_BITROT_ALGORITHM);
  const hashBytes = hasher.hashBytes;
  const blockCount = blockCountOf(totalShardBytes, blockBytes);
  const firstBlock = options.firstBlock ?? 0;
  const endBlock = options.endBlock ?? blockCount;
  if (!Number.isSafeInteger(firstBlock) || !Number.isSafeInteger(endBlock) || firstBlock < 0 || firstBlock > endBlock || endBlock > blockCount) {
    throw new RangeError(`Invalid block span [${firstBlock}, ${endBlock}) for ${file} (${blockCount} blocks).`);
  }
  const readBytes = options.readBytes ?? DEFAULT_READ_BYTES;
  const blocksPerRead = Math.max(1, Math.floor(readBytes / (blockBytes + hashBytes)));
  const endOf = (block: number): number => blockFileOffset(block, blockBytes, hashBytes) + hashBytes + blockLengthOf(block, blockBytes, totalShardBytes);

  for (let block = firstBlock; block < endBlock; ) {
    signal?.throwIfAborted();
    const count = Math.min(blocksPerRead, endBlock - block);
    const start = blockFileOffset(block, blockBytes, hashBytes);
    const expected = endOf(block + count - 1) - start;
    // Reading the file's last block, ask for one byte more: getting it means the file is longer than recorded.
    const includesLast = block + count === blockCount;
    const buffer = Buffer.allocUnsafe(expected + (includesLast ? 1 : 0));
    const got = await readFully(source, buffer, buffer.length, start);
    for (let i = 0; i < count; i++, block++) {
      const at = blockFileOffset(block, blockBytes, hashBytes) - start;
      const end = endOf(block) - start;
      if (end > got) throw new BitrotError('truncated', block, file);
      const data = buffer.subarray(at + hashBytes, end);
      if (!hasher.matches(data, buffer, at)) throw new BitrotError('mismatch', block, file);
      yield { index: block, data };
    }
    if (got > expected) throw new BitrotError('oversized', blockCount, file);
  }
}
