// Writing one object (or part) across an erasure set: bytes are gathered
// into stripes, each stripe is split into k data shards and m parity shards
// are computed, and shard j's block goes, behind its bitrot hash, to the
// staging file of the drive that holds shard j. Memory stays at one stripe
// plus its parity whatever the object size. commit() appends each shard's
// footer and commits the files; it succeeds when a write quorum of drives
// took every block, else nothing is kept.
import type { DataPart } from '../meta/records.js';
import type { StagedFile } from '../drive/Drive.js';
import { BlockHasher } from '../bitrot/index.js';
import type { ReedSolomon } from './codec/index.js';
import { StoreError } from '../StoreError.js';
import type { SetHealth } from './SetHealth.js';
import { blockBytesOf, rotationOf, slotOfShard, writeQuorumOf, type ErasureGeometry } from './geometry.js';
import { encodeFooter } from './shardFooter.js';

export interface ShardTarget {
  slot: number;
  staged: StagedFile | undefined;
  failed: boolean;
}

export class ErasureStagedFile implements StagedFile {
  sizeBytes = 0;
  private readonly k: number;
  private readonly m: number;
  private readonly stripe: Buffer;
  private stripeFill = 0;
  private readonly shardBlock: number;
  private readonly parity: Buffer[];
  private readonly hashers: BlockHasher[];
  private readonly quorum: number;
  private done = false;

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
    // Room for k full shards, so that shard views of the stripe need no copy (the padding stays zero-filled).
    this.stripe = Buffer.alloc(this.shardBlock * this.k);
    this.parity = Array.from({ length: this.m }, () => Buffer.alloc(this.shardBlock));
    this.hashers = Array.from({ length: this.k + this.m }, () => new BlockHasher());
    this.quorum = writeQuorumOf(this.k, this.m);
    this.checkQuorum();
  }

  /** Opens staging files on the drives of a set: one per shard, in the slot its rotation assigns. */
  static async open(fileId: string, codec: ReedSolomon, stripeBytes: number, stage: (slot: number) => Promise<StagedFile>, health: SetHealth): Promise<ErasureStagedFile> {
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
    return new ErasureStagedFile(fileId, codec, stripeBytes, targets, health);
  }

  private healthyCount(): number {
    return this.targets.filter((t) => !t.failed).length;
  }

  private checkQuorum(): void {
    const healthy = this.healthyCount();
    if (healthy < this.quorum) {
      throw new StoreError('InsufficientWriteQuorum', `Only ${healthy} drive(s) of the erasure set can take the write; ${this.quorum} are needed.`);
    }
  }

  async append(chunks: readonly Buffer[]): Promise<void> {
    for (const chunk of chunks) {
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(chunk.length - offset, this.stripeBytes - this.stripeFill);
        chunk.copy(this.stripe, this.stripeFill, offset, offset + take);
        this.stripeFill += take;
        offset += take;
        this.sizeBytes += take;
        if (this.stripeFill === this.stripeBytes) await this.flushStripe();
      }
    }
  }

  /** Encodes the gathered stripe and writes one block per shard. */
  private async flushStripe(): Promise<void> {
    const length = this.stripeFill;
    if (length === 0) return;
    const block = Math.ceil(length / this.k);
    if (length < this.stripe.length) this.stripe.fill(0, length); // zero padding of the last stripe
    const data = Array.from({ length: this.k }, (_, j) => this.stripe.subarray(j * block, (j + 1) * block));
    const parity = this.parity.map((p) => p.subarray(0, block));
    // A short last stripe is cut into k smaller shards: still consecutive views of the stripe.
    this.codec.encode(data, parity);
    const shards = [...data, ...parity];
    await Promise.all(
      this.targets.map(async (target, shard) => {
        if (target.failed || target.staged === undefined) return;
        const bytes = shards[shard]!;
        try {
          await target.staged.append([this.hashers[shard]!.hashOf(bytes), bytes]);
        } catch (err) {
          target.failed = true;
          this.health.markOffline(target.slot, err);
        }
      }),
    );
    this.stripeFill = 0;
    this.checkQuorum();
  }

  async commit(): Promise<DataPart> {
    await this.flushStripe();
    const geometry: ErasureGeometry = { dataShards: this.k, parityShards: this.m, stripeBytes: this.stripeBytes, sizeBytes: this.sizeBytes };
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
      throw new StoreError('InsufficientWriteQuorum', `Only ${committed} drive(s) of the erasure set kept the write; ${this.quorum} are needed. Nothing was written.`);
    }
    this.done = true;
    return { fileId: this.fileId, sizeBytes: this.sizeBytes };
  }

  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await Promise.all(this.targets.map((t) => t.staged?.discard()));
  }
}
