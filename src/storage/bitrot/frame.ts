// The frame of every data file, on every layout: the bytes cut into blocks
// of `blockBytes` (the last may be shorter), each preceded by its hash:
//   [hash][block 0][hash][block 1] ... [hash][last block][footer]
// An erasure shard file frames its shard's blocks (one per stripe); a
// single-drive data file frames the object's bytes (a 1+0 shard file).
// Nothing here knows about stripes or drives: offsets, and reading one
// block back with its hash checked.
import { FOOTER_BYTES } from './footer.js';
import { DEFAULT_BITROT_ALGORITHM, hashBytesOf, type BlockHasher } from './hash.js';
import { readFully, type BlockReader } from './readFully.js';

/** Bytes of the hash before every block. */
export const HASH_BYTES = hashBytesOf(DEFAULT_BITROT_ALGORITHM);

/** Why a block cannot be trusted: the file ends inside it, or its bytes do not hash to its hash (data or hash damaged). */
export type BlockFault = 'truncated' | 'mismatch';

/** Blocks holding `dataBytes` (0 for no data). */
export function blockCountOf(dataBytes: number, blockBytes: number): number {
  return Math.ceil(dataBytes / blockBytes);
}

/** Data bytes in block `blockIndex` (the last block may be shorter). */
export function blockLengthOf(blockIndex: number, blockBytes: number, dataBytes: number): number {
  return Math.max(0, Math.min(blockBytes, dataBytes - blockIndex * blockBytes));
}

/** File offset of block `blockIndex`'s hash (its data follows the hash). */
export function blockFileOffset(blockIndex: number, blockBytes: number): number {
  return blockIndex * (HASH_BYTES + blockBytes);
}

/** Size of a whole framed file holding `dataBytes`: a hash per block, the blocks, the footer. */
export function framedFileBytes(dataBytes: number, blockBytes: number): number {
  return dataBytes + blockCountOf(dataBytes, blockBytes) * HASH_BYTES + FOOTER_BYTES;
}

/** One block as written: its hash, then the block itself (not copied). */
export function frameBlock(hasher: BlockHasher, block: Buffer): [Buffer, Buffer] {
  return [hasher.hashOf(block), block];
}

/**
 * Reads block `blockIndex` (its hash and `blockLength` data bytes) into
 * `framed` and checks it: the block's bytes as a view of `framed` (no copy),
 * or what is wrong with it. I/O errors are thrown as they come.
 */
export async function readFramedBlock(
  file: BlockReader,
  framed: Buffer,
  at: { blockIndex: number; blockBytes: number; blockLength: number },
  hasher: BlockHasher,
): Promise<Buffer | BlockFault> {
  const length = HASH_BYTES + at.blockLength;
  if (framed.length < length) throw new RangeError(`A buffer of ${framed.length} bytes cannot hold a framed block of ${length}.`);
  const got = await readFully(file, framed, length, blockFileOffset(at.blockIndex, at.blockBytes));
  if (got !== length) return 'truncated';
  const block = framed.subarray(HASH_BYTES, length);
  return hasher.matches(block, framed, 0) ? block : 'mismatch';
}

/** A block fault for people. */
export function describeFault(fault: BlockFault, blockIndex: number): string {
  return fault === 'mismatch' ? `bitrot in block ${blockIndex} (hash mismatch)` : `truncated at block ${blockIndex}`;
}
