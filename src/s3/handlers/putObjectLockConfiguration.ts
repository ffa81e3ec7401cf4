// PutObjectLockConfiguration: turns object lock on for a bucket whose
// versioning is Enabled (the store refuses otherwise with InvalidBucketState)
// and sets or clears its default retention. There is no way to turn it off.
import { bucketOf, type RequestContext } from '../context.js';
import { readSmallBody } from '../http/requestBody.js';
import { sendEmpty } from '../http/respond.js';
import { parseObjectLockConfiguration } from '../xml/objectLock.js';

const MAX_BODY_BYTES = 64 * 1024;

export async function putObjectLockConfiguration(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const body = await readSmallBody(ctx, MAX_BODY_BYTES);
  const objectLock = parseObjectLockConfiguration(body);
  await ctx.store.updateBucketConfig(bucket, { objectLock }, ctx.signal);
  sendEmpty(ctx.res, 200);
}
