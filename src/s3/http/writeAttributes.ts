// What a write (PutObject, CopyObject, CreateMultipartUpload) may ask for
// beyond bytes and metadata: a tag set (x-amz-tagging) and object lock
// settings (x-amz-object-lock-*). The store refuses lock settings on a
// bucket without object lock.
import type { Retention, Tag } from '../../storage/index.js';
import { header, type RequestContext } from '../context.js';
import { lockSettingsFromRequest } from './objectLockHeaders.js';
import { parseTaggingHeader } from './tags.js';

export interface WriteAttributes {
  tags?: Tag[];
  retention?: Retention;
  legalHold?: boolean;
}

export function writeAttributes(ctx: RequestContext, options: { tags: boolean } = { tags: true }): WriteAttributes {
  const out: WriteAttributes = { ...lockSettingsFromRequest(ctx) };
  const tagging = options.tags ? header(ctx, 'x-amz-tagging') : undefined;
  if (tagging !== undefined && tagging !== '') out.tags = parseTaggingHeader(tagging);
  return out;
}

/** x-amz-version-id for a write's answer, when the store reported one. */
export function versionIdHeader(versionId: string | undefined): Record<string, string> {
  return versionId === undefined ? {} : { 'x-amz-version-id': versionId };
}
