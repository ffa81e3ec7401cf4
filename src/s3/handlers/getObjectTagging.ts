// GetObjectTagging: one version's tag set; an untagged object answers an
// empty TagSet (not an error, unlike a bucket).
import type { HeadObjectInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { sendXml } from '../http/respond.js';
import { taggingXml } from '../xml/tagging.js';
import { versionHeader } from './putObjectTagging.js';

export async function getObjectTagging(ctx: RequestContext): Promise<void> {
  const input: HeadObjectInput = { bucket: bucketOf(ctx), key: keyOf(ctx) };
  const versionId = ctx.endpoint.query.get('versionId');
  if (versionId !== null) input.versionId = versionId;
  const info = await ctx.store.headObject(input, ctx.signal);
  sendXml(ctx.res, 200, taggingXml(info.tags ?? []), versionHeader(info.versionId, versionId));
}
