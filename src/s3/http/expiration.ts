// x-amz-expiration: when a lifecycle rule of the bucket will expire this
// object (GET, HEAD, PUT, CompleteMultipartUpload answer it, as S3 does).
// The bucket's configuration is one index read; nothing is cached, so a
// rule change shows at once.
import type { ObjectInfo } from '../../storage/index.js';
import { abortOf, expirationHeader } from '../../services/lifecycle/index.js';
import type { RequestContext } from '../context.js';

export type ExpirationSubject = Pick<ObjectInfo, 'key' | 'sizeBytes' | 'lastModified'> & Partial<Pick<ObjectInfo, 'tags'>>;

/** `subject` may be a function, called only when the bucket has lifecycle rules (it may cost a read). */
export async function expirationHeaders(
  ctx: RequestContext,
  bucket: string,
  subject: ExpirationSubject | (() => Promise<ExpirationSubject>),
): Promise<Record<string, string>> {
  const config = await ctx.store.getBucketConfig(bucket, ctx.signal);
  if (config.lifecycle === undefined) return {};
  const value = expirationHeader(config.lifecycle, typeof subject === 'function' ? await subject() : subject, ctx.settings.lifecycleDayMs);
  return value === undefined ? {} : { 'x-amz-expiration': value };
}

/**
 * What GET and HEAD add from the bucket's configuration, with one read of
 * it: x-amz-expiration for a current version, and x-amz-version-id "null"
 * for a null version once the bucket's versioning is configured (objects of
 * a bucket never versioned carry no version id, as in S3).
 */
export async function readAnswerHeaders(
  ctx: RequestContext,
  bucket: string,
  info: ObjectInfo,
  byVersionId: boolean,
): Promise<Record<string, string>> {
  const config = await ctx.store.getBucketConfig(bucket, ctx.signal);
  const headers: Record<string, string> = {};
  if (config.versioning !== undefined) headers['x-amz-version-id'] = info.versionId;
  // Expiration rules act on current versions; a version read by id may be an older one.
  if (!byVersionId && config.lifecycle !== undefined) {
    const value = expirationHeader(config.lifecycle, info, ctx.settings.lifecycleDayMs);
    if (value !== undefined) headers['x-amz-expiration'] = value;
  }
  return headers;
}

/** x-amz-abort-date and x-amz-abort-rule-id for an incomplete multipart upload (CreateMultipartUpload, ListParts). */
export async function abortHeaders(ctx: RequestContext, bucket: string, key: string, initiatedAt: Date): Promise<Record<string, string>> {
  const config = await ctx.store.getBucketConfig(bucket, ctx.signal);
  const abort = abortOf(config.lifecycle, key, initiatedAt, ctx.settings.lifecycleDayMs);
  return abort === undefined ? {} : { 'x-amz-abort-date': abort.date.toUTCString(), 'x-amz-abort-rule-id': abort.ruleId };
}
