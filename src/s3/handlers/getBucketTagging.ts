// GetBucketTagging: the bucket's tag set, or NoSuchTagSet when it has none.
import { bucketOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { sendXml } from '../http/respond.js';
import { taggingXml } from '../xml/tagging.js';

export async function getBucketTagging(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const config = await ctx.store.getBucketConfig(bucket, ctx.signal);
  if (config.tags === undefined || config.tags.length === 0) throw new S3Error('NoSuchTagSet', undefined, { BucketName: bucket });
  sendXml(ctx.res, 200, taggingXml(config.tags));
}
