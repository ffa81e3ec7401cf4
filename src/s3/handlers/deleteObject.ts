import type { DeleteObjectInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { bypassGovernance } from '../http/objectLockHeaders.js';
import { sendEmpty } from '../http/respond.js';
import { writeConditions } from './writeConditions.js';

/** 204 whether or not something was there; the headers say which version went and whether it was (or is) a delete marker. */
export async function deleteObject(ctx: RequestContext): Promise<void> {
  const input: DeleteObjectInput = { bucket: bucketOf(ctx), key: keyOf(ctx) };
  const conditions = writeConditions(ctx, false);
  if (conditions?.ifMatchETag !== undefined) input.conditions = { ifMatchETag: conditions.ifMatchETag };
  const versionId = ctx.endpoint.query.get('versionId');
  if (versionId !== null) input.versionId = versionId;
  if (bypassGovernance(ctx)) input.bypassGovernance = true;
  const result = await ctx.store.deleteObject(input, ctx.signal);
  const headers: Record<string, string> = {};
  if (result.versionId !== undefined) headers['x-amz-version-id'] = result.versionId;
  if (result.deleteMarker === true) headers['x-amz-delete-marker'] = 'true';
  sendEmpty(ctx.res, 204, headers);
}
