// GetObjectLegalHold: one version's legal hold (ON or OFF once ever set);
// NoSuchObjectLockConfiguration when never set, InvalidRequest when the
// bucket has no object lock.
import type { RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { lockedVersionInfo } from '../http/objectLockHeaders.js';
import { sendXml } from '../http/respond.js';
import { legalHoldXml } from '../xml/objectLock.js';

export async function getObjectLegalHold(ctx: RequestContext): Promise<void> {
  const info = await lockedVersionInfo(ctx);
  if (info.legalHold === undefined) throw new S3Error('NoSuchObjectLockConfiguration');
  sendXml(ctx.res, 200, legalHoldXml(info.legalHold));
}
