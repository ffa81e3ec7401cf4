// GetObjectLockConfiguration: the bucket's object lock configuration, or
// ObjectLockConfigurationNotFoundError when object lock is off.
import { bucketOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { sendXml } from '../http/respond.js';
import { objectLockConfigurationXml } from '../xml/objectLock.js';

export async function getObjectLockConfiguration(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const config = await ctx.store.getBucketConfig(bucket, ctx.signal);
  if (config.objectLock === undefined) throw new S3Error('ObjectLockConfigurationNotFoundError', undefined, { BucketName: bucket });
  sendXml(ctx.res, 200, objectLockConfigurationXml(config.objectLock));
}
