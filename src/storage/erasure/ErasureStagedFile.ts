// Writing one object (or part) across an erasure set: bytes are gathered
// into stripes, each stripe is split into k data shards and m parity shards
// are computed, and shard j's block goes, behind its bitrot hash, to the
// staging file of the drive that holds shard j. Stripes are encoded while
// the previous few are being written, and each drive gets them in one write
// per STRIPES_PER_WRITE stripes; memory stays at two such batches (with
// parity) whatever the object size. commit() appends each shard's
// footer and commits the files; it succeeds when a write quorum of drives
// took every block, else nothing is kept.
import type { DataPart } from '../records/DataPart.js';
import type { StagedFile } from '../drive/Drive.js';
import { BlockHasher, encodeFooter, frameBlock } from '../bitrot/index.js';
import type { ReedSolomon } from './codec/index.js';
import { StoreError } from '../StoreError.js';
import type { SetHealth } from './SetHealth.js';
import { blockBytesOf, rotationOf, slotOfShard, writeQuorumOf, type ErasureGeometry } from './geometry.js';

export interface ShardTarget {
  slot: number;
  staged: StagedFile | undefined;
  failed: boolean;
}

/** Stripes whose blocks go to the drives in one write per shard. */
const STRIPES_PER_WRITE = 2;

/** One stripe's memory: the gathered bytes (k shard views) and its parity. */
interface StripeBuffers {
  stripe: Buffer;
  parity: Buffer[];
}

/** An encoded stripe waiting for its write: each shard's hash and block, and the memory they live in. */
interface EncodedStripe {
  pieces: Buffer[][];
  buffers: StripeBuffers;
}

export class ErasureStagedFile implements StagedFile {
  sizeBytes = 0;
  private readonly k: number;
  private readonly m: number;
  /** The stripe being gathered; taken when bytes arrive, so a finished file holds no spare one. */
  private filling: StripeBuffers | undefined;
  private stripeFill = 0;
  private readonly shardBlock: number;
  private readonly hashers: BlockHasher[];
  private readonly quorum: number;
  private done = false;
  /** Stripe memory free for reuse. */
  private readonly spare: StripeBuffers[] = [];
  /** Encoded stripes not yet handed to the drives. */
  private batch: EncodedStripe[] = [];
  /** The batch being written (at most one): encoding the next overlaps with it. */
  private writing: Promise<void> | undefined;

  constructor(
    readonly fileId: string,
    private readonly codec: ReedSolomon,
    private readonly stripeBytes: number,
    /** Shard j → its drive's staging file (undefined when the drive is out of rotation). */
    private readonly targets: ShardTarget[],
    private readonly health: SetHealth,
  ) {
    this.k = codec.dataShards;
    this.m = codec.parityShards;
    this.shardBlock = blockBytesOf({ dataShards: this.k, stripeBytes });
    this.hashers = Array.from({ length: this.k + this.m }, () => new BlockHasher());
    this.quorum = writeQuorumOf(this.k, this.m);
    this.checkQuorum();
  }

  private newBuffers(): StripeBuffers {
    // Room for k full shards, so that shard views of the stripe need no copy.
    return {
      stripe: Buffer.allocUnsafe(this.shardBlock * this.k),
      parity: Array.from({ length: this.m }, () => Buffer.allocUnsafe(this.shardBlock)),
    };
  }

  /** Opens staging files on the drives of a set: one per shard, in the slot its rotation assigns. */
  static async open(
    fileId: string,
    codec: ReedSolomon,
    stripeBytes: number,
    stage: (slot: number) => Promise<StagedFile>,
    health: SetHealth,
  ): Promise<ErasureStagedFile> {
    const n = codec.dataShards + codec.parityShards;
    const rotation = rotationOf(fileId, n);
    const targets: ShardTarget[] = await Promise.all(
      Array.from({ length: n }, async (_, shard) => {
        const slot = slotOfShard(shard, n, rotation);
        if (!health.isOnline(slot)) return { slot, staged: undefined, failed: true };
        try {
          return { slot, staged: await stage(slot), failed: false };
        } catch (err) {
          health.markOffline(slot, err);
          return { slot, staged: undefined, failed: true };
        }
      }),
    );
    try {
      return new ErasureStagedFile(fileId, codec, stripeBytes, targets, health);
    } catch (err) {
      // Too few drives for a quorum: the staging files that did open are not kept open.
      await Promise.all(targets.map((t) => t.staged?.discard() ?? Promise.resolve()));
      throw err;
    }
  }

  private healthyCount(): number {
    return this.targets.filter((t) => !t.failed).length;
  }

  private checkQuorum(): void {
    const healthy = this.healthyCount();
    if (healthy < this.quorum) {
      throw new StoreError(
        'InsufficientWriteQuorum',
        `Only ${healthy} drive(s) of the erasure set can take the write; ${this.quorum} are needed.`,
      );
    }
  }

  async append(chunks: readonly Buffer[]): Promise<void> {
    for (const chunk of chunks) {
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(chunk.length - offset, this.stripeBytes - this.stripeFill);
        this.filling ??= this.spare.pop() ?? this.newBuffers();
        chunk.copy(this.filling.stripe, this.stripeFill, offset, offset + take);
        this.stripeFill += take;
        offset += take;
        this.sizeBytes += take;
        if (this.stripeFill === this.stripeBytes) {
          this.encodeStripe();
          if (this.batch.length === STRIPES_PER_WRITE) await this.writeBatch();
        }
      }
    }
  }

  /** Encodes the gathered stripe into its parity and hashes every block; the write comes later, batched. */
  private encodeStripe(): void {
    const length = this.stripeFill;
    if (length === 0 || this.filling === undefined) return;
    const { stripe, parity: parityBuffers } = this.filling;
    const block = Math.ceil(length / this.k);
    if (length < stripe.length) stripe.fill(0, length); // zero padding of the last stripe
    const data = Array.from({ length: this.k }, (_, j) => stripe.subarray(j * block, (j + 1) * block));
    const parity = parityBuffers.map((p) => p.subarray(0, block));
    // A short last stripe is cut into k smaller shards: still consecutive views of the stripe.
    this.codec.encode(data, parity);
    const pieces = [...data, ...parity].map((bytes, shard) => frameBlock(this.hashers[shard]!, bytes));
    this.batch.push({ pieces, buffers: this.filling });
    this.filling = undefined;
    this.stripeFill = 0;
  }

  /**
   * Hands the encoded stripes to the drives, one write per shard, after the
   * previous batch finished (so at most two batches of stripe memory exist,
   * and the drives see each shard's blocks in order). Rejects when the
   * previous batch left too few drives.
   */
  private async writeBatch(): Promise<void> {
    await this.writing;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    const written = Promise.all(
      this.targets.map(async (target, shard) => {
        if (target.failed || target.staged === undefined) return;
        try {
          await target.staged.append(batch.flatMap((s) => s.pieces[shard]!));
        } catch (err) {
          target.failed = true;
          this.health.markOffline(target.slot, err);
        }
      }),
    ).then(() => {
      for (const s of batch) this.spare.push(s.buffers);
      this.checkQuorum();
    });
    written.catch(() => undefined); // surfaced by the next writeBatch() or by commit()
    this.writing = written;
  }

  /** Writes whatever is gathered or encoded and waits until the drives have it. */
  private async flushAll(): Promise<void> {
    this.encodeStripe();
    await this.writeBatch();
    await this.writing;
  }

  async commit(): Promise<DataPart> {
    await this.flushAll();
    const geometry: ErasureGeometry = {
      dataShards: this.k,
      parityShards: this.m,
      stripeBytes: this.stripeBytes,
      sizeBytes: this.sizeBytes,
    };
    const results = await Promise.all(
      this.targets.map(async (target, shard) => {
        if (target.failed || target.staged === undefined) return false;
        try {
          await target.staged.append([encodeFooter({ ...geometry, shardIndex: shard })]);
          await target.staged.commit();
          return true;
        } catch (err) {
          target.failed = true;
          this.health.markOffline(target.slot, err);
          return false;
        }
      }),
    );
    const committed = results.filter(Boolean).length;
    if (committed < this.quorum) {
      await this.discard();
      throw new StoreError(
        'InsufficientWriteQuorum',
        `Only ${committed} drive(s) of the erasure set kept the write; ${this.quorum} are needed. Nothing was written.`,
      );
    }
    this.done = true;
    // Drives that failed mid-write still hold an open staging file: close and remove it (best effort).
    await Promise.all(this.targets.map((t) => (t.failed ? t.staged?.discard() : undefined) ?? Promise.resolve()));
    return { fileId: this.fileId, sizeBytes: this.sizeBytes };
  }

  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.writing?.catch(() => undefined); // no write may still be running on a file being deleted
    await Promise.all(this.targets.map((t) => t.staged?.discard() ?? Promise.resolve()));
  }
}
