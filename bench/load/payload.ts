// Pre-generated request bodies. One pool of random bytes is filled once; every
// body is a slice of it (no copy, no per-request generation), so the client
// spends its CPU on requests, not on making data. Slices start at different
// 4 KiB offsets ("variants") so objects differ from one another; the MD5 of a
// variant is computed only when asked (--verify) and then cached.
import { createHash, randomFillSync } from 'node:crypto';
import { Readable } from 'node:stream';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

const LARGEST_BODY_BYTES = 64 * MiB;
const VARIANT_STEP_BYTES = 4 * KiB;
/** Room past the largest body for its variants to start at different offsets. */
const SLACK_BYTES = 1 * MiB;

export class Payload {
  private readonly pool: Buffer;
  private readonly md5Cache = new Map<string, string>();

  constructor() {
    this.pool = Buffer.allocUnsafe(LARGEST_BODY_BYTES + SLACK_BYTES);
    randomFillSync(this.pool);
  }

  /** The body of `sizeBytes` for a variant (any integer; wraps around). */
  body(sizeBytes: number, variant: number): Buffer {
    if (sizeBytes > LARGEST_BODY_BYTES)
      throw new Error(`bodies are at most ${LARGEST_BODY_BYTES} bytes; stream larger objects with bodyStream()`);
    const offsets = Math.floor((this.pool.length - sizeBytes) / VARIANT_STEP_BYTES) + 1;
    const offset = (((variant % offsets) + offsets) % offsets) * VARIANT_STEP_BYTES;
    return this.pool.subarray(offset, offset + sizeBytes);
  }

  /** Hex MD5 of body(sizeBytes, variant): the ETag S3 gives a single-part object. */
  md5Hex(sizeBytes: number, variant: number): string {
    const body = this.body(sizeBytes, variant);
    const id = `${body.byteOffset}/${sizeBytes}`;
    let hex = this.md5Cache.get(id);
    if (hex === undefined) {
      hex = createHash('md5').update(body).digest('hex');
      this.md5Cache.set(id, hex);
    }
    return hex;
  }

  /**
   * An object larger than the pool, as a stream of `chunkBytes` slices:
   * chunk i is body(chunkBytes, variant + i). Nothing is copied.
   */
  bodyStream(totalBytes: number, chunkBytes: number, variant: number): Readable {
    const chunks = Math.ceil(totalBytes / chunkBytes);
    const self = this;
    function* slices(): Generator<Buffer> {
      for (let i = 0; i < chunks; i++) yield self.body(Math.min(chunkBytes, totalBytes - i * chunkBytes), variant + i);
    }
    return Readable.from(slices(), { objectMode: false });
  }

  /** Hex MD5 of what bodyStream(totalBytes, chunkBytes, variant) yields. */
  streamMd5Hex(totalBytes: number, chunkBytes: number, variant: number): string {
    const hash = createHash('md5');
    const chunks = Math.ceil(totalBytes / chunkBytes);
    for (let i = 0; i < chunks; i++) hash.update(this.body(Math.min(chunkBytes, totalBytes - i * chunkBytes), variant + i));
    return hash.digest('hex');
  }
}
