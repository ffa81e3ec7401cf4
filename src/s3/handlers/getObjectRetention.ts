// GetObjectRetention: one version's retention; NoSuchObjectLockConfiguration
// when it has none, InvalidRequest when the bucket has no object lock.
import type { RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { lockedVersionInfo } from '../http/objectLockHeaders.js';
import { sendXml } from '../http/respond.js';
import { retentionXml } from '../xml/objectLock.js';

export async function getObjectRetention(ctx: RequestContext): Promise<void> {
  const info = await lockedVersionInfo(ctx);
  if (info.retention === undefined) throw new S3Error('NoSuchObjectLockConfiguration');
  sendXml(ctx.res, 200, retentionXml(info.retention));
}
