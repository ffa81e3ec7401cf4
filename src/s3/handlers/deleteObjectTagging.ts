// DeleteObjectTagging: removes one version's tag set; 204 either way.
import type { UpdateObjectInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { sendEmpty } from '../http/respond.js';
import { versionHeader } from './putObjectTagging.js';

export async function deleteObjectTagging(ctx: RequestContext): Promise<void> {
  const input: UpdateObjectInput = { bucket: bucketOf(ctx), key: keyOf(ctx), tags: null };
  const versionId = ctx.endpoint.query.get('versionId');
  if (versionId !== null) input.versionId = versionId;
  const info = await ctx.store.updateObject(input, ctx.signal);
  sendEmpty(ctx.res, 204, versionHeader(info.versionId, versionId));
}
