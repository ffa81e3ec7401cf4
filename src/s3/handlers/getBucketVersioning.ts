import { bucketOf, type RequestContext } from '../context.js';
import { sendXml } from '../http/respond.js';
import { tag, xmlDocument } from '../xml/index.js';

/** A bucket whose versioning was never configured answers an empty configuration, as S3 does. */
export async function getBucketVersioning(ctx: RequestContext): Promise<void> {
  const config = await ctx.store.getBucketConfig(bucketOf(ctx), ctx.signal);
  sendXml(ctx.res, 200, xmlDocument('VersioningConfiguration', config.versioning === undefined ? '' : tag('Status', config.versioning)));
}
