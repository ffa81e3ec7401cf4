// x-amz-expiration: when a lifecycle rule of the bucket will expire this
// object (GET, HEAD, PUT, CompleteMultipartUpload answer it, as S3 does).
// The bucket's configuration is one index read; nothing is cached, so a
// rule change shows at once.
import type { ObjectInfo } from '../../storage/index.js';
import { expirationHeader } from '../../services/lifecycle/index.js';
import type { RequestContext } from '../context.js';

export type ExpirationSubject = Pick<ObjectInfo, 'key' | 'sizeBytes' | 'lastModified'> & Partial<Pick<ObjectInfo, 'tags'>>;

export async function expirationHeaders(ctx: RequestContext, bucket: string, subject: ExpirationSubject): Promise<Record<string, string>> {
  const config = await ctx.store.getBucketConfig(bucket, ctx.signal);
  if (config.lifecycle === undefined) return {};
  const value = expirationHeader(config.lifecycle, subject, ctx.settings.lifecycleDayMs);
  return value === undefined ? {} : { 'x-amz-expiration': value };
}
