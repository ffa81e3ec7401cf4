// Reading a single-drive framed data file: the logical bytes, every block
// checked against its hash before any of it is returned. readChunks (the
// GET path) reads one framed block into a pooled buffer and returns a view
// of its data: no second copy of the bytes. A block that fails its check
// is never returned: the read throws DataCorrupted (via `corrupt`).
import type { DriveFile } from '../drive/Drive.js';
import { readBuffers } from '../../util/bufferPool.js';
import { HASH_BYTES, blockLengthOf, describeFault, readFramedBlock } from './frame.js';
import { BlockHasher } from './hash.js';

export class FramedFile implements DriveFile {
  private readonly hasher = new BlockHasher();
  /** The last block read by read() (not readChunks), for small sequential reads. */
  private cachedIndex = -1;
  private cached: Buffer = Buffer.alloc(0);

  constructor(
    private readonly inner: DriveFile,
    private readonly blockBytes: number,
    /** Logical bytes (the footer's size). */
    private readonly dataBytes: number,
    /** Builds the error for a damaged block (and reports it). */
    private readonly corrupt: (reason: string) => Error,
  ) {}

  async sizeBytes(): Promise<number> {
    return this.dataBytes;
  }

  async read(buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
    if (position >= this.dataBytes || length <= 0) return 0;
    const index = Math.floor(position / this.blockBytes);
    if (index !== this.cachedIndex) {
      const blockLength = blockLengthOf(index, this.blockBytes, this.dataBytes);
      this.cached = await this.verifiedBlock(index, Buffer.allocUnsafe(HASH_BYTES + blockLength), blockLength);
      this.cachedIndex = index;
    }
    const from = position - index * this.blockBytes;
    return this.cached.copy(buffer, offset, from, Math.min(this.cached.length, from + length));
  }

  /**
   * Up to `maxLength` bytes from `position`, never past the end of the block
   * it starts in, as one view of the verified block. Full blocks come from
   * the read pool; the caller hands the view back once (readBuffers.give).
   */
  async readChunks(position: number, maxLength: number): Promise<Buffer[]> {
    if (position >= this.dataBytes || maxLength <= 0) return [];
    const index = Math.floor(position / this.blockBytes);
    const blockLength = blockLengthOf(index, this.blockBytes, this.dataBytes);
    const framed =
      blockLength === this.blockBytes ? readBuffers.take(HASH_BYTES + this.blockBytes) : Buffer.allocUnsafe(HASH_BYTES + blockLength);
    let block: Buffer;
    try {
      block = await this.verifiedBlock(index, framed, blockLength);
    } catch (err) {
      readBuffers.give(framed);
      throw err;
    }
    const from = position - index * this.blockBytes;
    const to = Math.min(blockLength, from + maxLength);
    return [from === 0 && to === blockLength ? block : block.subarray(from, to)];
  }

  private async verifiedBlock(index: number, framed: Buffer, blockLength: number): Promise<Buffer> {
    const result = await readFramedBlock(this.inner, framed, { blockIndex: index, blockBytes: this.blockBytes, blockLength }, this.hasher);
    if (typeof result === 'string') throw this.corrupt(describeFault(result, index));
    return result;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A file written before data files were framed: served as it is, with nothing to check it against. */
export class LegacyRawFile implements DriveFile {
  readonly unverified = true;
  constructor(private readonly inner: DriveFile) {}
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
    return this.inner.read(buffer, offset, length, position);
  }
  readChunks(position: number, maxLength: number): Promise<Buffer[]> {
    return this.inner.readChunks(position, maxLength);
  }
  sizeBytes(): Promise<number> {
    return this.inner.sizeBytes();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** True for a file whose bytes cannot be verified (written before framing); heal counts these instead of checking them. */
