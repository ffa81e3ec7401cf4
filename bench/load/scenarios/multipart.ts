// One multipart upload of multipartBytes (1 GiB) in parts of 16 MiB, 8 parts
// in flight, create and complete included in the time. Latencies are per part.
import { createHash } from 'node:crypto';
import { BUCKET, ensureBucket, type TargetContext } from '../context.js';
import { runLoop, type LoopResult } from '../loop.js';
import { GiB, MiB } from '../payload.js';
import type { Scenario } from './scenario.js';

const PARTS_IN_FLIGHT = 8;
const KEY = 'multipart/object';

function partVariant(seq: number): number {
  return seq * (MiB / 4096); // parts start 1 MiB apart in the payload pool
}

/**
 * --verify: the completed object's size, and its ETag: S3's MD5 of the parts'
 * MD5s with "-N", or (s3rver) the MD5 of the whole object. The ETag comes
 * from a HEAD when the Complete reply leaves it empty (Ceph RGW does).
 * Returns what is wrong, or undefined.
 */
async function checkObject(
  ctx: TargetContext,
  completeETag: string,
  etags: readonly string[],
  parts: number,
  partBytes: number,
): Promise<string | undefined> {
  const info = await ctx.client.stat(BUCKET, KEY);
  if (info.sizeBytes !== parts * partBytes) return `multipart object: ${info.sizeBytes} bytes, expected ${parts * partBytes}`;
  const etag = completeETag !== '' ? completeETag : info.etag;
  const ofParts = `${createHash('md5')
    .update(Buffer.concat(etags.map((e) => Buffer.from(e, 'hex'))))
    .digest('hex')}-${parts}`;
  if (etag === ofParts) return undefined;
  const whole = createHash('md5');
  for (let i = 0; i < parts; i++) whole.update(ctx.payload.body(partBytes, partVariant(i)));
  if (etag === whole.digest('hex')) return undefined;
  return `multipart object: ETag ${etag}, expected ${ofParts} (or the MD5 of the whole object)`;
}

export function multipartScenario(): Scenario {
  return {
    name: 'multipart-1g',
    description: `one multipart upload (1 GiB; 128 MiB with --quick) in 16 MiB parts, ${PARTS_IN_FLIGHT} parts in flight, create + complete included`,
    kinds: ['s3'],
    headline: 'mib',
    prepare: (ctx) => ensureBucket(ctx, BUCKET),
    run: async (ctx, budget): Promise<LoopResult> => {
      const partBytes = ctx.scale.multipartPartBytes;
      const parts = Math.ceil(ctx.scale.multipartBytes / partBytes);
      // With --verify, hash the parts before the clock starts.
      const partMd5 = Array.from({ length: parts }, (_, i) => (ctx.verify ? ctx.payload.md5Hex(partBytes, partVariant(i)) : undefined));
      const start = performance.now();
      const uploadId = await ctx.client.createMultipartUpload(BUCKET, KEY);
      const etags: string[] = new Array<string>(parts).fill('');
      const remainingMs = budget.durationMs - (performance.now() - start);
      const result = await runLoop(
        PARTS_IN_FLIGHT,
        { durationMs: remainingMs, maxOps: Math.min(parts, budget.maxOps) },
        async (_w, seq) => {
          const body = ctx.payload.body(partBytes, partVariant(seq));
          etags[seq] = await ctx.client.uploadPart(BUCKET, KEY, uploadId, seq + 1, body, partMd5[seq]);
          return partBytes;
        },
      );
      if (result.ops === parts && result.errors === 0) {
        const etag = await ctx.client.completeMultipartUpload(BUCKET, KEY, uploadId, etags);
        const elapsedMs = performance.now() - start;
        if (ctx.verify) {
          const problem = await checkObject(ctx, etag, etags, parts, partBytes);
          if (problem !== undefined) {
            result.errors++;
            result.firstErrors.push(problem);
          }
        }
        return { ...result, elapsedMs };
      }
      const elapsedMs = performance.now() - start;
      await ctx.client.abortMultipartUpload(BUCKET, KEY, uploadId);
      result.errors++;
      result.firstErrors.push(
        `multipart upload not completed: ${result.ops} of ${parts} parts, ${result.errors - 1} failed, in ${(elapsedMs / 1000).toFixed(0)} s`,
      );
      return { ...result, elapsedMs };
    },
    // 1 GiB at 15 MiB/s still fits; a slower target is reported as not completing.
    budget: (ctx) => ({ durationMs: Math.max(30_000, (ctx.scale.multipartBytes / GiB) * 70_000), maxOps: 10_000 }),
    warmup: () => null,
  };
}
