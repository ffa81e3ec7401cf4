// GetObjectLegalHold: one version's legal hold (ON or OFF once ever set);
// NoSuchObjectLockConfiguration when never set, InvalidRequest when the
// bucket has no object lock.
import type { HeadObjectInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { requireObjectLock } from '../http/objectLockHeaders.js';
import { sendXml } from '../http/respond.js';
import { legalHoldXml } from '../xml/objectLock.js';

export async function getObjectLegalHold(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const input: HeadObjectInput = { bucket, key: keyOf(ctx) };
  const versionId = ctx.endpoint.query.get('versionId');
  if (versionId !== null) input.versionId = versionId;
  await requireObjectLock(ctx, bucket);
  const info = await ctx.store.headObject(input, ctx.signal);
  if (info.legalHold === undefined) throw new S3Error('NoSuchObjectLockConfiguration');
  sendXml(ctx.res, 200, legalHoldXml(info.legalHold));
}
