// What a scenario knows about the target it is running against, the sizes of
// a run (full or --quick), and loading the objects scenarios read.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runLoop, type Budget } from './loop.js';
import { KiB, MiB, GiB, type Payload } from './payload.js';
import type { RunningTarget } from '../peers/index.js';
import { S3Client } from './s3client.js';

export interface Scale {
  /** A measured run of a closed-loop scenario lasts this long at most. */
  runMs: number;
  /** Warm-up before a target's first measured run of a scenario. */
  warmupMs: number;
  /** Mixed small-object load on every S3 target before the first scenario (JIT, caches). */
  globalWarmupMs: number;
  get4kObjects: number;
  get1mObjects: number;
  get64mObjects: number;
  multipartBytes: number;
  multipartPartBytes: number;
  listKeys: number;
  /** Loading the LIST bucket stops after this long, loaded or not (slow peers). */
  listLoadMs: number;
  /** Objects written before each DELETE run (at most; loading is time-bounded too). */
  deleteKeys: number;
  deleteLoadMs: number;
  /** Object size for the "4 concurrent PUTs then GETs" memory check. */
  rssObjectBytes: number;
  /** Keys loaded into the engine for the first-page-under-prefix figure. */
  millionKeys: number;
}

export function scaleFor(quick: boolean): Scale {
  if (quick) {
    return {
      runMs: 1_000,
      warmupMs: 300,
      globalWarmupMs: 1_000,
      get4kObjects: 500,
      get1mObjects: 16,
      get64mObjects: 2,
      multipartBytes: 128 * MiB,
      multipartPartBytes: 16 * MiB,
      listKeys: 10_000,
      listLoadMs: 30_000,
      deleteKeys: 2_000,
      deleteLoadMs: 3_000,
      rssObjectBytes: 128 * MiB,
      millionKeys: 50_000,
    };
  }
  return {
    runMs: 5_000,
    warmupMs: 1_500,
    globalWarmupMs: 5_000,
    get4kObjects: 2_000,
    get1mObjects: 64,
    get64mObjects: 8,
    multipartBytes: 1 * GiB,
    multipartPartBytes: 16 * MiB,
    listKeys: 100_000,
    listLoadMs: 150_000,
    deleteKeys: 20_000,
    deleteLoadMs: 8_000,
    rssObjectBytes: 1 * GiB,
    millionKeys: 1_000_000,
  };
}

export interface TargetContext {
  name: string;
  target: RunningTarget;
  client: S3Client;
  payload: Payload;
  scale: Scale;
  verify: boolean;
  /** Data sets already in place on this target (loaded once, read by several scenarios). */
  loaded: Map<string, number>;
  /** Remarks for the report (e.g. a LIST bucket only partly loaded). */
  notes: string[];
}

/** Connections per target: enough for the highest concurrency (64, loading the LIST bucket). */
const CONNECTIONS = 64;

export function createContext(name: string, target: RunningTarget, payload: Payload, scale: Scale, verify: boolean): TargetContext {
  return {
    name,
    target,
    client: new S3Client(target.endpoint, target.credentials, CONNECTIONS, verify),
    payload,
    scale,
    verify,
    loaded: new Map(),
    notes: [],
  };
}

export const BUCKET = 'bench';
export const LIST_BUCKET = 'bench-list';

/** Key i of a data set: `set/000042` (fixed width, so keys sort like their numbers). */
export function keyOf(set: string, i: number): string {
  return `${set}/${String(i).padStart(6, '0')}`;
}

export function keysOf(set: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => keyOf(set, i));
}

export async function ensureBucket(ctx: TargetContext, bucket: string): Promise<void> {
  if (ctx.loaded.has(`bucket:${bucket}`) || ctx.target.kind === 'static') return;
  await ctx.client.createBucket(bucket);
  ctx.loaded.set(`bucket:${bucket}`, 1);
}

/**
 * Puts objects 0..count-1 of a set (object i is payload variant i), once per
 * target: through S3, or as files under the static root for nginx.
 */
export async function ensureObjects(ctx: TargetContext, set: string, count: number, sizeBytes: number): Promise<void> {
  if ((ctx.loaded.get(set) ?? 0) >= count) return;
  const keys = keysOf(set, count);
  const staticRoot = ctx.target.staticRoot;
  if (ctx.target.kind === 'static') {
    if (staticRoot === undefined) throw new Error(`${ctx.name} is static but has no staticRoot`);
    for (let i = 0; i < count; i++) {
      const path = join(staticRoot, BUCKET, keys[i] ?? '');
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, ctx.payload.body(sizeBytes, i));
    }
  } else {
    await ensureBucket(ctx, BUCKET);
    const concurrency = sizeBytes >= 16 * MiB ? 4 : sizeBytes >= 256 * KiB ? 16 : 32;
    const budget: Budget = { durationMs: 600_000, maxOps: count };
    const result = await runLoop(concurrency, budget, (_w, i) =>
      ctx.client.put(
        BUCKET,
        keys[i] ?? '',
        ctx.payload.body(sizeBytes, i),
        sizeBytes,
        ctx.verify ? ctx.payload.md5Hex(sizeBytes, i) : undefined,
      ),
    );
    if (result.errors > 0 || result.ops < count) {
      throw new Error(
        `loading ${set}: ${result.ops} of ${count} objects written, ${result.errors} errors (${result.firstErrors[0] ?? 'out of time'})`,
      );
    }
  }
  ctx.loaded.set(set, count);
}
