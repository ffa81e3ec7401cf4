// DeleteBucketTagging: removes the bucket's tag set; 204 whether or not it had one.
import { bucketOf, type RequestContext } from '../context.js';
import { sendEmpty } from '../http/respond.js';

export async function deleteBucketTagging(ctx: RequestContext): Promise<void> {
  await ctx.store.updateBucketConfig(bucketOf(ctx), { tags: null }, ctx.signal);
  sendEmpty(ctx.res, 204);
}
