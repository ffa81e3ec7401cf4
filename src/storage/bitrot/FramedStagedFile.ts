// Writing a single-drive data file in the frame: each block behind its
// hash, then the footer of a 1+0 shard file. A block is hashed piece by
// piece as the bytes arrive, and the pieces that complete blocks in one
// append() go to the inner file by reference (the caller's buffers are not
// reused before append() resolves, and the inner write is awaited first).
// Only the piece of the block still incomplete at the end of a call is
// copied, into `carry`, since the caller may reuse its buffers afterwards.
import type { DataPart } from '../records/DataPart.js';
import type { StagedFile } from '../drive/Drive.js';
import { encodeFooter } from './footer.js';
import { BlockHasher } from './hash.js';
import { HASH_BYTES } from './frame.js';
import { readBuffers } from '../../util/bufferPool.js';

export class FramedStagedFile implements StagedFile {
  /** Logical bytes appended so far (the inner file also holds hashes). */
  sizeBytes = 0;
  private readonly hasher = new BlockHasher();
  /** The incomplete block's bytes carried over from earlier appends (allocated when first needed). */
  private carry: Buffer | undefined;
  private carryBytes = 0;

  constructor(
    private readonly inner: StagedFile,
    private readonly blockBytes: number,
  ) {}

  get fileId(): string {
    return this.inner.fileId;
  }

  async append(chunks: readonly Buffer[]): Promise<void> {
    const out: Buffer[] = [];
    // Pieces of the block being filled: a view of `carry` first (already hashed), then pieces of this call's chunks.
    let pending: Buffer[] = this.carryBytes > 0 && this.carry !== undefined ? [this.carry.subarray(0, this.carryBytes)] : [];
    let pendingBytes = this.carryBytes;
    let pendingHasCarry = pending.length > 0;
    let carryEmitted = false;
    for (const chunk of chunks) {
      for (let at = 0; at < chunk.length;) {
        const take = Math.min(this.blockBytes - pendingBytes, chunk.length - at);
        const piece = at === 0 && take === chunk.length ? chunk : chunk.subarray(at, at + take);
        this.hasher.update(piece);
        pending.push(piece);
        pendingBytes += take;
        at += take;
        this.sizeBytes += take;
        if (pendingBytes === this.blockBytes) {
          const hash = Buffer.allocUnsafe(HASH_BYTES);
          this.hasher.digestInto(hash);
          if (pendingHasCarry) carryEmitted = true;
          pendingHasCarry = false;
          out.push(hash, ...pending);
          pending = [];
          pendingBytes = 0;
        }
      }
    }
    if (out.length > 0) await this.inner.append(out);
    // Keep the incomplete block: what is not in `carry` yet is copied there (after the write above, which may have read `carry`).
    let fill = carryEmitted ? 0 : this.carryBytes;
    for (const piece of pendingHasCarry ? pending.slice(1) : pending) {
      // From the read pool (one block size, as reads use): every PUT past the inline size needs one, so it is reused, not reallocated.
      this.carry ??= readBuffers.take(this.blockBytes);
      piece.copy(this.carry, fill);
      fill += piece.length;
    }
    this.carryBytes = fill;
  }

  async commit(): Promise<DataPart> {
    const tail: Buffer[] = [];
    if (this.carryBytes > 0 && this.carry !== undefined) {
      const last = this.carry.subarray(0, this.carryBytes);
      const hash = Buffer.allocUnsafe(HASH_BYTES);
      this.hasher.digestInto(hash);
      tail.push(hash, last);
    }
    tail.push(encodeFooter({ dataShards: 1, parityShards: 0, shardIndex: 0, stripeBytes: this.blockBytes, sizeBytes: this.sizeBytes }));
    await this.inner.append(tail);
    this.releaseCarry();
    const committed = await this.inner.commit();
    // The engine records and reads logical sizes: the frame is this drive's business.
    return { fileId: committed.fileId, sizeBytes: this.sizeBytes };
  }

  discard(): Promise<void> {
    this.releaseCarry();
    return this.inner.discard();
  }

  /** The carry's memory goes back to the pool once no write can still read it (after the last append resolved, or on discard). */
  private releaseCarry(): void {
    if (this.carry !== undefined) readBuffers.give(this.carry);
    this.carry = undefined;
    this.carryBytes = 0;
  }
}
