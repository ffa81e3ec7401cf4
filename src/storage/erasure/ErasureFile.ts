// Reading one erasure-coded file: any k of its n shard files give the bytes.
// Data shards are read first (no decoding when they are all good); a shard
// whose file is missing, torn, or fails its bitrot hash is dropped and the
// stripe is rebuilt from parity, so the caller never sees corrupt bytes.
// Every such shard is reported for healing.
import type { DriveFile } from '../drive/Drive.js';
import { isNotFound } from '../io/errors.js';
import { BlockHasher, decodeFooter, describeFault, HASH_BYTES, readFramedBlock, readTail } from '../bitrot/index.js';
import { StoreError } from '../StoreError.js';
import type { ReedSolomon } from './codec/index.js';
import { blockBytesOf, shardBlockLength, stripeCount, stripeLength, type ErasureGeometry } from './geometry.js';
import { readBuffers } from '../../util/bufferPool.js';

export interface ShardSource {
  slot: number;
  file: DriveFile;
}

export interface OpenShard {
  slot: number;
  open(): Promise<DriveFile>;
}

export interface ErasureFileOptions {
  fileId: string;
  codecFor: (dataShards: number, parityShards: number) => ReedSolomon;
  /** A shard is missing or damaged: queue the file for healing. */
  onDegraded: (fileId: string, reason: string) => void;
  /** A shard read failed with an I/O error (not a missing file): the drive may be gone. */
  onDriveError: (slot: number, err: unknown) => void;
}

export class ErasureFile implements DriveFile {
  private readonly hasher = new BlockHasher();
  private cachedStripe = -1;
  private cached: Buffer = Buffer.alloc(0);
  private readonly bad = new Set<number>();

  private constructor(
    private readonly options: ErasureFileOptions,
    readonly geometry: ErasureGeometry,
    /** Shard index → its file, for the shards found whole enough to try. */
    private readonly shards: Map<number, ShardSource>,
    private readonly codec: ReedSolomon,
  ) {}

  /** Opens the shard files of `fileId` on every drive offered; ENOENT when no drive has any. */
  static async open(options: ErasureFileOptions, candidates: readonly OpenShard[]): Promise<ErasureFile> {
    const found: Array<{ slot: number; file: DriveFile; footer: ReturnType<typeof decodeFooter> }> = [];
    let anyFile = false;
    await Promise.all(
      candidates.map(async ({ slot, open }) => {
        let file: DriveFile;
        try {
          file = await open();
        } catch (err) {
          if (!isNotFound(err)) options.onDriveError(slot, err);
          return;
        }
        anyFile = true;
        try {
          const tail = await readTail(file, await file.sizeBytes());
          found.push({ slot, file, footer: tail === undefined ? undefined : decodeFooter(tail) });
        } catch (err) {
          options.onDriveError(slot, err);
          await file.close().catch(() => undefined);
        }
      }),
    );
    if (!anyFile) {
      const err = new Error(`No drive holds a shard of ${options.fileId}.`) as NodeJS.ErrnoException;
      err.code = 'ENOENT';
      throw err;
    }
    // The geometry most shard footers agree on; other files are damaged shards.
    const votes = new Map<string, number>();
    for (const f of found) if (f.footer !== undefined) votes.set(geometryKey(f.footer), (votes.get(geometryKey(f.footer)) ?? 0) + 1);
    const best = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const shards = new Map<number, ShardSource>();
    let geometry: ErasureGeometry | undefined;
    for (const f of found) {
      if (f.footer !== undefined && geometryKey(f.footer) === best && !shards.has(f.footer.shardIndex)) {
        geometry ??= {
          dataShards: f.footer.dataShards,
          parityShards: f.footer.parityShards,
          stripeBytes: f.footer.stripeBytes,
          sizeBytes: f.footer.sizeBytes,
        };
        shards.set(f.footer.shardIndex, { slot: f.slot, file: f.file });
      } else {
        await f.file.close().catch(() => undefined);
      }
    }
    if (geometry === undefined || shards.size < geometry.dataShards) {
      for (const s of shards.values()) await s.file.close().catch(() => undefined);
      throw new StoreError(
        'InsufficientReadQuorum',
        `Only ${shards.size} shard(s) of ${options.fileId} can be read${geometry === undefined ? '' : `; ${geometry.dataShards} are needed`}.`,
      );
    }
    if (shards.size < geometry.dataShards + geometry.parityShards) {
      options.onDegraded(options.fileId, `${geometry.dataShards + geometry.parityShards - shards.size} shard(s) missing or damaged`);
    }
    return new ErasureFile(options, geometry, shards, options.codecFor(geometry.dataShards, geometry.parityShards));
  }

  async sizeBytes(): Promise<number> {
    return this.geometry.sizeBytes;
  }

  async read(buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
    const g = this.geometry;
    if (position >= g.sizeBytes || length === 0) return 0;
    const stripe = Math.floor(position / g.stripeBytes);
    const data = await this.stripe(stripe);
    const from = position - stripe * g.stripeBytes;
    const count = Math.min(length, data.length - from);
    data.copy(buffer, offset, from, from + count);
    return count;
  }

  /**
   * Up to `maxLength` bytes from `position`, never past the end of the
   * stripe it starts in, as views of the verified data blocks themselves:
   * no copy into a stripe buffer, and the blocks come from the read pool
   * (each returned buffer is a view of its own pooled block, so handing each
   * back once is safe). Blocks the range does not touch go back at once.
   */
  async readChunks(position: number, maxLength: number): Promise<Buffer[]> {
    const g = this.geometry;
    if (position >= g.sizeBytes || maxLength <= 0) return [];
    const i = Math.floor(position / g.stripeBytes);
    const from = position - i * g.stripeBytes;
    const end = Math.min(stripeLength(g, i), from + maxLength);
    const blockLength = shardBlockLength(g, i);
    const blocks = await this.stripeBlocks(i, true);
    const out: Buffer[] = [];
    blocks.forEach((block, j) => {
      const start = j * blockLength;
      const a = Math.max(from, start);
      const b = Math.min(end, start + blockLength);
      if (a < b) out.push(block.subarray(a - start, b - start));
      else readBuffers.give(block);
    });
    return out;
  }

  /** The logical bytes of stripe `i`, decoded (the last one is cached for sequential reads). */
  private async stripe(i: number): Promise<Buffer> {
    if (i === this.cachedStripe) return this.cached;
    const g = this.geometry;
    if (i >= stripeCount(g)) return Buffer.alloc(0);
    const k = g.dataShards;
    const blockLength = shardBlockLength(g, i);
    const blocks = await this.stripeBlocks(i, false);
    const data = Buffer.allocUnsafe(blockLength * k);
    for (let j = 0; j < k; j++) blocks[j]!.copy(data, j * blockLength);
    this.cachedStripe = i;
    this.cached = data.subarray(0, stripeLength(g, i));
    return this.cached;
  }

  /**
   * The k data blocks of stripe `i`, verified, rebuilt from parity where a
   * data shard fails. With `pooled`, full-size blocks are read into buffers
   * from the read pool; parity blocks used for a rebuild go back to it.
   */
  private async stripeBlocks(i: number, pooled: boolean): Promise<Buffer[]> {
    const g = this.geometry;
    const k = g.dataShards;
    const n = k + g.parityShards;
    const blockLength = shardBlockLength(g, i);
    const pool = pooled && blockLength === blockBytesOf(g);
    const blocks = new Array<Buffer | null>(n).fill(null);
    let good = 0;
    // Try shards in index order (data first); every failure brings in the next candidate.
    for (let shard = 0; shard < n && good < k;) {
      const wave: number[] = [];
      for (; shard < n && wave.length < k - good; shard++) if (this.shards.has(shard) && !this.bad.has(shard)) wave.push(shard);
      if (wave.length === 0) break;
      const results = await Promise.all(wave.map((s) => this.readBlock(s, i, blockLength, pool)));
      results.forEach((block, w) => {
        if (block !== null) {
          blocks[wave[w]!] = block;
          good++;
        }
      });
    }
    if (good < k) {
      if (pool) for (const b of blocks) if (b !== null) readBuffers.give(b);
      throw new StoreError('InsufficientReadQuorum', `Stripe ${i} of ${this.options.fileId}: only ${good} good shard(s) of ${k} needed.`);
    }
    let missingData = false;
    for (let j = 0; j < k; j++) if (blocks[j] === null) missingData = true;
    if (missingData) {
      const out = blocks.map((b, j) => (b === null && j < k ? Buffer.alloc(blockLength) : null));
      this.codec.reconstruct(blocks, out);
      for (let j = 0; j < k; j++) if (blocks[j] === null) blocks[j] = out[j]!;
      if (pool) for (let j = k; j < n; j++) if (blocks[j] !== null) readBuffers.give(blocks[j]!);
    }
    return blocks.slice(0, k) as Buffer[];
  }

  /** Block `stripe` of shard `shard`, verified; null (and the shard marked bad) when it cannot be had. */
  private async readBlock(shard: number, stripe: number, blockLength: number, pooled: boolean): Promise<Buffer | null> {
    const source = this.shards.get(shard)!;
    const framed = pooled ? readBuffers.take(HASH_BYTES + blockLength) : Buffer.allocUnsafe(HASH_BYTES + blockLength);
    let reason: string;
    try {
      const result = await readFramedBlock(
        source.file,
        framed,
        { blockIndex: stripe, blockBytes: blockBytesOf(this.geometry), blockLength },
        this.hasher,
      );
      if (typeof result !== 'string') return result;
      reason = `shard ${shard}: ${describeFault(result, stripe)}`;
    } catch (err) {
      this.options.onDriveError(source.slot, err);
      reason = `shard ${shard} unreadable: ${(err as Error).message}`;
    }
    if (pooled) readBuffers.give(framed);
    this.bad.add(shard);
    this.options.onDegraded(this.options.fileId, reason);
    return null;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.shards.values()].map((s) => s.file.close()));
  }
}

function geometryKey(g: ErasureGeometry): string {
  return `${g.dataShards}+${g.parityShards}/${g.stripeBytes}/${g.sizeBytes}`;
}
