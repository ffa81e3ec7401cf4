// DELETE /bucket?lifecycle: removes every lifecycle rule of the bucket
// (204 whether or not it had any, as S3 answers).
import { bucketOf, type RequestContext } from '../context.js';
import { sendEmpty } from '../http/respond.js';

export async function deleteBucketLifecycle(ctx: RequestContext): Promise<void> {
  await ctx.store.updateBucketConfig(bucketOf(ctx), { lifecycle: null }, ctx.signal);
  sendEmpty(ctx.res, 204);
}
