// One multipart upload of multipartBytes (1 GiB) in parts of 16 MiB, 8 parts
// in flight, create and complete included in the time. Latencies are per part.
import { createHash } from 'node:crypto';
import { BUCKET, ensureBucket } from '../context.js';
import { runLoop, type LoopResult } from '../loop.js';
import { GiB, MiB } from '../payload.js';
import type { Scenario } from './scenario.js';

const PARTS_IN_FLIGHT = 8;
const KEY = 'multipart/object';

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
      const start = performance.now();
      const uploadId = await ctx.client.createMultipartUpload(BUCKET, KEY);
      const etags: string[] = new Array<string>(parts).fill('');
      const remainingMs = budget.durationMs - (performance.now() - start);
      const result = await runLoop(PARTS_IN_FLIGHT, { durationMs: remainingMs, maxOps: Math.min(parts, budget.maxOps) }, async (_w, seq) => {
        const body = ctx.payload.body(partBytes, seq * (MiB / 4096));
        const md5 = ctx.verify ? ctx.payload.md5Hex(partBytes, seq * (MiB / 4096)) : undefined;
        etags[seq] = await ctx.client.uploadPart(BUCKET, KEY, uploadId, seq + 1, body, md5);
        return partBytes;
      });
      if (result.ops === parts && result.errors === 0) {
        const etag = await ctx.client.completeMultipartUpload(BUCKET, KEY, uploadId, etags);
        const expected = `${createHash('md5').update(Buffer.concat(etags.map((e) => Buffer.from(e, 'hex')))).digest('hex')}-${parts}`;
        if (ctx.verify && etag !== expected) {
          result.errors++;
          result.firstErrors.push(`CompleteMultipartUpload: ETag ${etag}, expected ${expected}`);
        }
      } else {
        await ctx.client.abortMultipartUpload(BUCKET, KEY, uploadId);
        result.errors++;
        result.firstErrors.push(`multipart upload not completed: ${result.ops} of ${parts} parts in ${(budget.durationMs / 1000).toFixed(0)} s`);
      }
      return { ...result, elapsedMs: performance.now() - start };
    },
    // 1 GiB at 15 MiB/s still fits; a slower target is reported as not completing.
    budget: (ctx) => ({ durationMs: Math.max(30_000, (ctx.scale.multipartBytes / GiB) * 70_000), maxOps: 10_000 }),
    warmup: () => null,
  };
}
