import type { RequestContext } from '../context.js';
import { sendXml } from '../http/respond.js';
import { isoTime, tag, wrap, xmlDocument } from '../xml/index.js';

export async function listBuckets(ctx: RequestContext): Promise<void> {
  const buckets = await ctx.store.listBuckets(ctx.signal);
  const owner = wrap('Owner', tag('ID', ctx.settings.ownerId) + tag('DisplayName', ctx.settings.ownerDisplayName));
  let items = '';
  for (const b of buckets)
    items += wrap('Bucket', tag('Name', b.name) + tag('CreationDate', isoTime(b.createdAt)) + tag('BucketRegion', b.region));
  sendXml(ctx.res, 200, xmlDocument('ListAllMyBucketsResult', owner + wrap('Buckets', items)));
}
