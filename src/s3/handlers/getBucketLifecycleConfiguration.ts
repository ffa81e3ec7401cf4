// GET /bucket?lifecycle: the bucket's lifecycle rules, or S3's
// NoSuchLifecycleConfiguration when it has none (clients read that as "none").
import { bucketOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { sendXml } from '../http/respond.js';
import { lifecycleXml } from '../xml/lifecycle.js';

export async function getBucketLifecycleConfiguration(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const { lifecycle } = await ctx.store.getBucketConfig(bucket, ctx.signal);
  if (lifecycle === undefined || lifecycle.rules.length === 0)
    throw new S3Error('NoSuchLifecycleConfiguration', undefined, { BucketName: bucket });
  sendXml(ctx.res, 200, lifecycleXml(lifecycle));
}
