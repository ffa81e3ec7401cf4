// PUT /bucket?lifecycle: replaces the bucket's lifecycle rules. Validation
// is in xml/lifecycle.ts; the LifecycleScanner service acts on the rules.
import { bucketOf, type RequestContext } from '../context.js';
import { readSmallBody, requireIntegrityHeader } from '../http/requestBody.js';
import { sendEmpty } from '../http/respond.js';
import { parseLifecycle } from '../xml/lifecycle.js';

/** 1000 rules, each with a 1 KiB prefix, a 255-character ID and a few tags, plus markup. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export async function putBucketLifecycleConfiguration(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  requireIntegrityHeader(ctx);
  const body = await readSmallBody(ctx, MAX_BODY_BYTES);
  const lifecycle = parseLifecycle(body);
  await ctx.store.updateBucketConfig(bucket, { lifecycle }, ctx.signal);
  sendEmpty(ctx.res, 200);
}
