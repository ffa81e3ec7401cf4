import { bucketOf, type RequestContext } from '../context.js';
import { sendEmpty } from '../http/respond.js';

export async function headBucket(ctx: RequestContext): Promise<void> {
  const info = await ctx.store.headBucket(bucketOf(ctx), ctx.signal);
  sendEmpty(ctx.res, 200, { 'x-amz-bucket-region': info.region });
}
