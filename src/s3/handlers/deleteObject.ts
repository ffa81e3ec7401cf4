import type { DeleteObjectInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { sendEmpty } from '../http/respond.js';
import { writeConditions } from './writeConditions.js';

export async function deleteObject(ctx: RequestContext): Promise<void> {
  const input: DeleteObjectInput = { bucket: bucketOf(ctx), key: keyOf(ctx) };
  const conditions = writeConditions(ctx, false);
  if (conditions?.ifMatchETag !== undefined) input.conditions = { ifMatchETag: conditions.ifMatchETag };
  const versionId = ctx.endpoint.query.get('versionId');
  if (versionId !== null) input.versionId = versionId;
  await ctx.store.deleteObject(input, ctx.signal);
  sendEmpty(ctx.res, 204);
}
