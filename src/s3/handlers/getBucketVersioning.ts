import { bucketOf, type RequestContext } from '../context.js';
import { sendXml } from '../http/respond.js';
import { xmlDocument } from '../xml/index.js';

/** Versioning has never been enabled on any bucket yet: S3 answers an empty configuration for such buckets. */
export async function getBucketVersioning(ctx: RequestContext): Promise<void> {
  await ctx.store.headBucket(bucketOf(ctx), ctx.signal);
  sendXml(ctx.res, 200, xmlDocument('VersioningConfiguration', ''));
}
