// PutObjectRetention: sets, extends or (with x-amz-bypass-governance-retention,
// GOVERNANCE only) shortens or removes one version's retention. An empty
// <Retention/> removes it. The store decides what the current retention
// allows (AccessDenied otherwise); this handler checks the request.
import type { UpdateObjectInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { bypassGovernance, requireObjectLock } from '../http/objectLockHeaders.js';
import { readSmallBody } from '../http/requestBody.js';
import { sendEmpty } from '../http/respond.js';
import { parseRetention } from '../xml/objectLock.js';

const MAX_BODY_BYTES = 64 * 1024;

export async function putObjectRetention(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const key = keyOf(ctx);
  const body = await readSmallBody(ctx, MAX_BODY_BYTES);
  await requireObjectLock(ctx, bucket);
  const retention = parseRetention(body);
  const input: UpdateObjectInput = { bucket, key, retention };
  const versionId = ctx.endpoint.query.get('versionId');
  if (versionId !== null) input.versionId = versionId;
  if (bypassGovernance(ctx)) input.bypassGovernance = true;
  await ctx.store.updateObject(input, ctx.signal);
  sendEmpty(ctx.res, 200);
}
