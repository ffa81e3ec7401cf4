// GetObjectRetention: one version's retention; NoSuchObjectLockConfiguration
// when it has none, InvalidRequest when the bucket has no object lock.
import type { HeadObjectInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { requireObjectLock } from '../http/objectLockHeaders.js';
import { sendXml } from '../http/respond.js';
import { retentionXml } from '../xml/objectLock.js';

export async function getObjectRetention(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const input: HeadObjectInput = { bucket, key: keyOf(ctx) };
  const versionId = ctx.endpoint.query.get('versionId');
  if (versionId !== null) input.versionId = versionId;
  await requireObjectLock(ctx, bucket);
  const info = await ctx.store.headObject(input, ctx.signal);
  if (info.retention === undefined) throw new S3Error('NoSuchObjectLockConfiguration');
  sendXml(ctx.res, 200, retentionXml(info.retention));
}
