// If-None-Match / If-Match on writes (PutObject, CompleteMultipartUpload,
// DeleteObject): parsed here, enforced atomically by the store.
import type { WriteConditions } from '../../storage/index.js';
import { header, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';

export function writeConditions(ctx: RequestContext, allowIfNoneMatch = true): WriteConditions | undefined {
  const ifNoneMatch = header(ctx, 'if-none-match');
  const ifMatch = header(ctx, 'if-match');
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  const conditions: WriteConditions = {};
  if (ifNoneMatch !== undefined) {
    if (!allowIfNoneMatch) throw new S3Error('NotImplemented', 'If-None-Match is not supported on this operation.');
    // S3 accepts only "*" on writes.
    if (ifNoneMatch.trim() !== '*')
      throw new S3Error('NotImplemented', 'If-None-Match on writes supports only "*".', { Header: 'If-None-Match' });
    conditions.ifNoneMatchAny = true;
  }
  if (ifMatch !== undefined) {
    const etag = ifMatch.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    if (etag === '' || etag === '*') throw new S3Error('NotImplemented', 'If-Match on writes takes one ETag.', { Header: 'If-Match' });
    conditions.ifMatchETag = etag;
  }
  return conditions;
}
