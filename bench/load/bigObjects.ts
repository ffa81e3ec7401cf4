// Server memory under large transfers: 4 concurrent PUTs of rssObjectBytes
// (1 GiB) each, then 4 concurrent GETs of them, the server's RSS sampled
// every 100 ms. A server that streams holds a bounded amount per request; one
// that buffers grows with the object. Bodies are streamed from the payload
// pool in 16 MiB slices (the client never holds an object either).
import { BUCKET, ensureBucket, type TargetContext } from './context.js';
import { runLoop } from './loop.js';
import { MiB } from './payload.js';
import { ProcSampler } from './sampler.js';

export interface BigObjectsPhase {
  peakRssBytes: number;
  peakAnonBytes: number;
  mibPerSecond: number;
  errors: number;
  firstError?: string;
}

export interface BigObjectsResult {
  target: string;
  objectBytes: number;
  concurrency: number;
  put: BigObjectsPhase;
  get: BigObjectsPhase;
}

const CONCURRENCY = 4;
const CHUNK_BYTES = 16 * MiB;
const PHASE_LIMIT_MS = 300_000;

async function phase(ctx: TargetContext, op: (i: number) => Promise<number>): Promise<BigObjectsPhase> {
  const sampler = new ProcSampler(() => ctx.target.pids());
  await sampler.start();
  const result = await runLoop(CONCURRENCY, { durationMs: PHASE_LIMIT_MS, maxOps: CONCURRENCY }, (_w, i) => op(i));
  const usage = await sampler.stop();
  const out: BigObjectsPhase = {
    peakRssBytes: usage.peakRssBytes,
    peakAnonBytes: usage.peakAnonBytes,
    mibPerSecond: result.bytes / MiB / (result.elapsedMs / 1000),
    errors: result.errors,
  };
  if (result.firstErrors[0] !== undefined) out.firstError = result.firstErrors[0];
  return out;
}

export async function measureBigObjects(ctx: TargetContext): Promise<BigObjectsResult> {
  const size = ctx.scale.rssObjectBytes;
  const key = (i: number): string => `big/${i}`;
  await ensureBucket(ctx, BUCKET);
  const md5 = (i: number): string | undefined => (ctx.verify ? ctx.payload.streamMd5Hex(size, CHUNK_BYTES, i * 64) : undefined);
  const put = await phase(ctx, (i) => ctx.client.put(BUCKET, key(i), ctx.payload.bodyStream(size, CHUNK_BYTES, i * 64), size, md5(i)));
  const get = await phase(ctx, (i) => ctx.client.get(BUCKET, key(i), size, md5(i)));
  // Give the disk back: four 1 GiB objects per target add up.
  for (let i = 0; i < CONCURRENCY; i++) await ctx.client.delete(BUCKET, key(i)).catch(() => 0);
  return { target: ctx.name, objectBytes: size, concurrency: CONCURRENCY, put, get };
}
