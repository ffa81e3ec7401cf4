// Healing one erasure-coded file: every shard that is missing, torn, in the
// wrong place or rotten is rebuilt from k good ones and written whole to the
// drive it belongs on. Two passes over the shards, one stripe of blocks in
// memory at a time: the first verifies every block of every shard (a shard
// with one bad block is rebuilt whole: its other blocks are cheap to
// recompute and a half-trusted file is not worth keeping); the second
// decodes from k verified shards and writes the new shard files through
// staging + rename, so a crash leaves the old file or the new one. Nothing
// is written when fewer than k shards are good.
import type { DriveFile, StagedFile } from '../../drive/Drive.js';
import { isNotFound } from '../../io/errors.js';
import { BlockHasher, describeFault, encodeFooter, frameBlock, HASH_BYTES, readFramedBlock } from '../../bitrot/index.js';
import type { ErasureSetDrive } from '../ErasureSetDrive.js';
import { blockBytesOf, shardBlockLength, stripeCount, type ErasureGeometry } from '../geometry.js';
import { closeProbe, probeShards, type ShardProbe } from './probeShards.js';

export interface HealFileResult {
  /** Shard files written. */
  rebuiltShards: number;
  /** Bytes of the shard files written (hashes and footers included). */
  rewrittenBytes: number;
  /** No drive holds any shard of the file. */
  missing?: true;
  /** Why the file cannot be rebuilt (fewer than k good shards), for people; nothing was written. */
  unrecoverable?: string;
}

/** A shard that went bad between the passes, or a drive whose directories vanished under it, starts the heal over (this many times at most). */
const MAX_ATTEMPTS = 3;

export async function healFile(drive: ErasureSetDrive, fileId: string, signal: AbortSignal): Promise<HealFileResult> {
  const total: HealFileResult = { rebuiltShards: 0, rewrittenBytes: 0 };
  let why = '';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const outcome = await healOnce(drive, fileId, signal);
    total.rebuiltShards += outcome.rebuiltShards;
    total.rewrittenBytes += outcome.rewrittenBytes;
    if (outcome.retry === undefined) {
      if (outcome.missing === true) total.missing = true;
      if (outcome.unrecoverable !== undefined) total.unrecoverable = outcome.unrecoverable;
      return total;
    }
    why = outcome.retry;
  }
  total.unrecoverable = `its shards kept changing while being healed (${why}); try again`;
  return total;
}

interface Attempt extends HealFileResult {
  /** Start over, for this reason. */
  retry?: string;
}

interface GoodShard {
  shard: number;
  slot: number;
  file: DriveFile;
}

async function healOnce(drive: ErasureSetDrive, fileId: string, signal: AbortSignal): Promise<Attempt> {
  signal.throwIfAborted();
  const probe = await probeShards(drive, fileId);
  try {
    if (!probe.anyFile) return { rebuiltShards: 0, rewrittenBytes: 0, missing: true };
    const g = probe.geometry;
    if (g === undefined) return { rebuiltShards: 0, rewrittenBytes: 0, unrecoverable: `no shard file of ${fileId} has a valid footer` };
    const bad = new Map<number, string>(); // shard → why it must be rebuilt
    for (const s of probe.slots) if (s.status === 'missing' || s.status === 'damaged') bad.set(s.shard, s.reason ?? s.status);
    const good = await verifyBlocks(drive, probe, g, bad, signal);
    if (good.length < g.dataShards) {
      return { rebuiltShards: 0, rewrittenBytes: 0, unrecoverable: describeLoss(probe, g, good.length, bad) };
    }
    const targets = probe.slots.filter(
      (s) => bad.has(s.shard) && drive.options.health.isOnline(s.slot) && drive.driveIn(s.slot) !== undefined,
    );
    if (targets.length === 0) return { rebuiltShards: 0, rewrittenBytes: 0 };
    return await rebuild(
      drive,
      fileId,
      g,
      good.slice(0, g.dataShards),
      targets.map((t) => ({ shard: t.shard, slot: t.slot })),
      signal,
    );
  } finally {
    await closeProbe(probe);
  }
}

/** Pass 1: reads every block of every intact shard and checks its hash; returns the shards found wholly good, adding the others to `bad`. */
async function verifyBlocks(
  drive: ErasureSetDrive,
  probe: ShardProbe,
  g: ErasureGeometry,
  bad: Map<number, string>,
  signal: AbortSignal,
): Promise<GoodShard[]> {
  let candidates: GoodShard[] = [];
  for (const s of probe.slots)
    if (s.status === 'intact' && s.file !== undefined) candidates.push({ shard: s.shard, slot: s.slot, file: s.file });
  const hasher = new BlockHasher();
  const framed = new Map(candidates.map((c) => [c.shard, Buffer.allocUnsafe(HASH_BYTES + blockBytesOf(g))]));
  const stripes = stripeCount(g);
  for (let i = 0; i < stripes && candidates.length >= g.dataShards; i++) {
    signal.throwIfAborted();
    const problems = await Promise.all(candidates.map((c) => readVerified(drive, c, framed.get(c.shard)!, g, i, hasher)));
    candidates = candidates.filter((c, n) => {
      const problem = problems[n];
      if (problem !== undefined) bad.set(c.shard, problem);
      return problem === undefined;
    });
  }
  return candidates.sort((a, b) => a.shard - b.shard);
}

/** Reads block `stripe` of a shard into `into` (its data then starts at HASH_BYTES) and checks its hash; the problem, or undefined when good. */
async function readVerified(
  drive: ErasureSetDrive,
  shard: GoodShard,
  into: Buffer,
  g: ErasureGeometry,
  stripe: number,
  hasher: BlockHasher,
): Promise<string | undefined> {
  try {
    const result = await readFramedBlock(
      shard.file,
      into,
      { blockIndex: stripe, blockBytes: blockBytesOf(g), blockLength: shardBlockLength(g, stripe) },
      hasher,
    );
    return typeof result === 'string' ? describeFault(result, stripe) : undefined;
  } catch (err) {
    drive.options.health.markOffline(shard.slot, err);
    return `unreadable: ${(err as Error).message}`;
  }
}

interface Target {
  shard: number;
  slot: number;
  staged?: StagedFile | undefined;
  failed?: boolean;
}

/** Pass 2: decodes every stripe from `sources` (k verified shards) and writes the `targets` shards whole. */
async function rebuild(
  drive: ErasureSetDrive,
  fileId: string,
  g: ErasureGeometry,
  sources: GoodShard[],
  targetSlots: ReadonlyArray<{ shard: number; slot: number }>,
  signal: AbortSignal,
): Promise<Attempt> {
  const { health } = drive.options;
  const n = g.dataShards + g.parityShards;
  const codec = drive.options.codecFor(g.dataShards, g.parityShards);
  const targets: Target[] = await Promise.all(
    targetSlots.map(async (t): Promise<Target> => {
      try {
        const writer = drive.driveIn(t.slot);
        if (writer === undefined) throw Object.assign(new Error(`slot ${t.slot + 1} has no drive`), { code: 'ENODEV' });
        return { ...t, staged: await writer.stage({ fileId }) };
      } catch (err) {
        await driveFailed(drive, t.slot, err);
        return { ...t, failed: true };
      }
    }),
  );
  const live = (): Target[] => targets.filter((t) => t.failed !== true && t.staged !== undefined);
  const result: Attempt = { rebuiltShards: 0, rewrittenBytes: 0 };
  try {
    const hasher = new BlockHasher();
    const full = blockBytesOf(g);
    const framed = sources.map(() => Buffer.allocUnsafe(HASH_BYTES + full));
    const outputs = new Map(targets.map((t) => [t.shard, Buffer.allocUnsafe(full)]));
    const stripes = stripeCount(g);
    for (let i = 0; i < stripes && live().length > 0; i++) {
      signal.throwIfAborted();
      const blockLength = shardBlockLength(g, i);
      const problems = await Promise.all(sources.map((s, j) => readVerified(drive, s, framed[j]!, g, i, hasher)));
      const turned = problems.findIndex((p) => p !== undefined);
      if (turned >= 0) return { ...result, retry: `shard ${sources[turned]!.shard} went bad: ${problems[turned]!}` };
      const shards = new Array<Uint8Array | null>(n).fill(null);
      sources.forEach((s, j) => (shards[s.shard] = framed[j]!.subarray(HASH_BYTES, HASH_BYTES + blockLength)));
      const out = new Array<Uint8Array | null>(n).fill(null);
      for (const t of live()) out[t.shard] = outputs.get(t.shard)!.subarray(0, blockLength);
      codec.reconstruct(shards, out);
      await Promise.all(
        live().map(async (t) => {
          const block = out[t.shard] as Buffer;
          try {
            await t.staged!.append(frameBlock(hasher, block));
          } catch (err) {
            t.failed = true;
            await driveFailed(drive, t.slot, err);
          }
        }),
      );
    }
    let vanished: number | undefined;
    await Promise.all(
      live().map(async (t) => {
        try {
          await t.staged!.append([encodeFooter({ ...g, shardIndex: t.shard })]);
          const committed = await t.staged!.commit();
          t.staged = undefined; // committed: nothing to discard
          result.rebuiltShards++;
          result.rewrittenBytes += committed.sizeBytes;
        } catch (err) {
          t.failed = true;
          if (isNotFound(err) && health.isOnline(t.slot)) {
            // The data directory vanished under the write (emptied by hand while the drive stays): write again.
            vanished = t.slot;
          } else {
            await driveFailed(drive, t.slot, err);
          }
        }
      }),
    );
    if (vanished !== undefined) return { ...result, retry: `the data directory of drive ${vanished + 1} vanished` };
    return result;
  } finally {
    await Promise.all(targets.map((t) => t.staged?.discard() ?? Promise.resolve()));
  }
}

/** A write to a slot failed: out of rotation, unless only a directory is missing and the drive itself is there (its format file answers). */
async function driveFailed(drive: ErasureSetDrive, slot: number, err: unknown): Promise<void> {
  if (isNotFound(err)) await drive.options.health.checkAlive(slot);
  else drive.options.health.markOffline(slot, err);
}

function describeLoss(probe: ShardProbe, g: ErasureGeometry, goodCount: number, bad: Map<number, string>): string {
  const details = [...bad.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([shard, why]) => {
      const slot = probe.slots.find((s) => s.shard === shard)?.slot ?? -1;
      return `shard ${shard} on drive ${slot + 1}: ${why}`;
    });
  const offline = probe.slots.filter((s) => s.status === 'offline').map((s) => s.slot + 1);
  if (offline.length > 0) details.push(`drive(s) ${offline.join(', ')} offline`);
  return `only ${goodCount} of ${g.dataShards + g.parityShards} shards are intact and ${g.dataShards} are needed (${details.join('; ')})`;
}
