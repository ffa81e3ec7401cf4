// PutObjectLegalHold: turns one version's legal hold ON or OFF. A hold is
// independent of retention and of the governance bypass.
import type { UpdateObjectInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { requireObjectLock } from '../http/objectLockHeaders.js';
import { readSmallBody } from '../http/requestBody.js';
import { sendEmpty } from '../http/respond.js';
import { parseLegalHold } from '../xml/objectLock.js';

const MAX_BODY_BYTES = 64 * 1024;

export async function putObjectLegalHold(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const key = keyOf(ctx);
  const body = await readSmallBody(ctx, MAX_BODY_BYTES);
  await requireObjectLock(ctx, bucket);
  const legalHold = parseLegalHold(body);
  const input: UpdateObjectInput = { bucket, key, legalHold };
  const versionId = ctx.endpoint.query.get('versionId');
  if (versionId !== null) input.versionId = versionId;
  await ctx.store.updateObject(input, ctx.signal);
  sendEmpty(ctx.res, 200);
}
