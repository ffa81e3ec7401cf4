import { bucketOf, type RequestContext } from '../context.js';
import { sendEmpty } from '../http/respond.js';

export async function deleteBucket(ctx: RequestContext): Promise<void> {
  await ctx.store.deleteBucket(bucketOf(ctx), ctx.signal);
  sendEmpty(ctx.res, 204);
}
