// Shard bytes in, framed shard file out: [hash][block][hash][block]...
// Input may arrive in chunks of any size. Each block is hashed piece by
// piece as it arrives and emitted as its hash followed by the very input
// slices that made it up: no byte is copied, and only the pieces of the one
// incomplete block are held. Because the input slices are passed through
// by reference, a producer must not reuse a buffer after writing it (the
// bytes would no longer match their hash; a read would report bitrot).
import { Transform, type TransformCallback, type TransformOptions } from 'node:stream';
import { BlockHasher, DEFAULT_BITROT_ALGORITHM, type BitrotAlgorithm } from './hash.js';

export interface BitrotWriterOptions {
  /** Shard bytes per block; every block but the last is exactly this long. */
  blockBytes: number;
  algorithm?: BitrotAlgorithm;
  /** Passed to Transform (highWaterMark, signal...). Object mode is not supported. */
  stream?: Omit<TransformOptions, 'transform' | 'flush' | 'objectMode' | 'readableObjectMode' | 'writableObjectMode'>;
}

export class BitrotWriter extends Transform {
  readonly blockBytes: number;
  private readonly hasher: BlockHasher;
  /** Pieces of the current, incomplete block (references into input chunks). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private totalShardBytes = 0;
  private blocks = 0;

  constructor(options: BitrotWriterOptions) {
    super(options.stream);
    if (!Number.isSafeInteger(options.blockBytes) || options.blockBytes < 1) {
      throw new RangeError(`Invalid bitrot block size ${options.blockBytes}: a positive whole number of bytes.`);
    }
    this.blockBytes = options.blockBytes;
    this.hasher = new BlockHasher(options.algorithm ?? DEFAULT_BITROT_ALGORITHM);
  }

  /** Shard bytes consumed so far (the file holds these plus one hash per block). */
  get shardBytes(): number {
    return this.totalShardBytes;
  }

  /** Blocks emitted so far (complete, or the final short one after end). */
  get blockCount(): number {
    return this.blocks;
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!Buffer.isBuffer(chunk)) {
      callback(new TypeError('BitrotWriter takes Buffers (shard bytes), not strings or objects.'));
      return;
    }
    this.totalShardBytes += chunk.length;
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(this.blockBytes - this.pendingBytes, chunk.length - at);
      const piece = at === 0 && take === chunk.length ? chunk : chunk.subarray(at, at + take);
      this.hasher.update(piece);
      this.pending.push(piece);
      this.pendingBytes += take;
      at += take;
      if (this.pendingBytes === this.blockBytes) this.emitBlock();
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    // A shard of 0 bytes is an empty file: no block, so no hash either.
    if (this.pendingBytes > 0) this.emitBlock();
    callback();
  }

  private emitBlock(): void {
    const hash = Buffer.allocUnsafe(this.hasher.hashBytes);
    this.hasher.digestInto(hash);
    this.push(hash);
    for (const piece of this.pending) this.push(piece);
    this.pending = [];
    this.pendingBytes = 0;
    this.blocks++;
  }
}
