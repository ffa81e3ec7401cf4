// A shard file that cannot be trusted: a block whose hash does not match,
// or a file shorter or longer than its recorded size. The erasure reader
// catches it, treats that shard as missing from `blockIndex` on,
// reconstructs from the other shards and queues the shard for healing; the
// client never sees the bad bytes.
export type BitrotFault =
  /** The block's bytes do not hash to the stored hash (data or hash corrupted). */
  | 'mismatch'
  /** The file ends before the block does. */
  | 'truncated'
  /** The file has bytes after its last block. */
  | 'oversized';

export class BitrotError extends Error {
  override readonly name = 'BitrotError';
  constructor(
    readonly fault: BitrotFault,
    /** Index of the first bad block (0-based, in blocks of blockBytes). */
    readonly blockIndex: number,
    /** What was being read, for messages (drive root and file id). */
    readonly file: string,
  ) {
    super(`${file}: ${describe(fault)} at block ${blockIndex}`);
  }
}

export function isBitrotError(err: unknown): err is BitrotError {
  return err instanceof BitrotError;
}

function describe(fault: BitrotFault): string {
  switch (fault) {
    case 'mismatch':
      return 'bitrot detected (hash mismatch)';
    case 'truncated':
      return 'shard file is truncated';
    case 'oversized':
      return 'shard file is longer than its recorded size';
  }
}
