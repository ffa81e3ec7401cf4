// ListMultipartUploads: the same page walk as ListObjects over `uploads`
// (bucket \0 key \0 uploadId), ordered by key then initiation time; common
// prefixes are computed on the key part only.
import type { ListMultipartUploadsInput, ListMultipartUploadsResult } from '../../ObjectStore.js';
import type { EngineContext } from '../context.js';
import { openListing, splitPage } from '../listing.js';
import { startAfterMarker, walkPage } from '../walk.js';
import { toUploadInfo } from './uploads.js';

export async function listMultipartUploads(
  ctx: EngineContext,
  input: ListMultipartUploadsInput,
  signal: AbortSignal,
): Promise<ListMultipartUploadsResult> {
  const { scope, prefix, delimiter, walk } = openListing(ctx, input, signal);
  const page = walkPage(ctx.index, {
    table: 'uploads',
    ...walk,
    ...uploadsStart(scope, prefix, delimiter, input.keyMarker, input.uploadIdMarker),
    maxItems: Math.max(0, input.maxUploads),
    nameLength: (entryKey) => entryKey.indexOf(0, scope.length) - scope.length,
  });
  const { items, commonPrefixes, isTruncated, next } = splitPage(page, (name, value) => toUploadInfo(input.bucket, name, value));
  const result: ListMultipartUploadsResult = { uploads: items, commonPrefixes, isTruncated };
  if (next !== undefined) {
    result.nextKeyMarker = next.name;
    if (next.kind === 'entry') result.nextUploadIdMarker = next.entry.value.uploadId;
  }
  return result;
}

/**
 * S3: without an upload-id marker, uploads of keys greater than the key
 * marker; with one, also the key marker's own uploads after that id.
 */
function uploadsStart(
  scope: Buffer,
  prefix: Buffer,
  delimiter: Buffer | undefined,
  keyMarker: string | undefined,
  uploadIdMarker: string | undefined,
): { start: Buffer; exclusiveStart: boolean } {
  const marker = keyMarker !== undefined ? Buffer.from(keyMarker, 'utf8') : undefined;
  const base = startAfterMarker(scope, prefix, delimiter, marker);
  if (marker === undefined || !base.exclusiveStart) return base; // at the prefix, or past a common prefix
  if (uploadIdMarker !== undefined && uploadIdMarker !== '') {
    return { start: Buffer.concat([scope, marker, Buffer.from([0]), Buffer.from(uploadIdMarker, 'utf8')]), exclusiveStart: true };
  }
  return { start: Buffer.concat([scope, marker, Buffer.from([1])]), exclusiveStart: false };
}
