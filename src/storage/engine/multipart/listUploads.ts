// ListMultipartUploads: the same page walk as ListObjects over `uploads`
// (bucket \0 key \0 uploadId), ordered by key then initiation time; common
// prefixes are computed on the key part only.
import type { ListMultipartUploadsInput, ListMultipartUploadsResult, MultipartUploadInfo } from '../../ObjectStore.js';
import { bucketScope } from '../../meta/index.js';
import { throwIfAborted } from '../abort.js';
import { requireBucket } from '../buckets.js';
import type { EngineContext } from '../context.js';
import { startAfterMarker, walkPage } from '../walk.js';
import { toUploadInfo } from './uploads.js';

export async function listMultipartUploads(ctx: EngineContext, input: ListMultipartUploadsInput, signal: AbortSignal): Promise<ListMultipartUploadsResult> {
  throwIfAborted(signal);
  const { bucket } = input;
  requireBucket(ctx.index, bucket);
  const scope = bucketScope(bucket);
  const prefix = Buffer.from(input.prefix ?? '', 'utf8');
  const delimiter = input.delimiter !== undefined && input.delimiter !== '' ? Buffer.from(input.delimiter, 'utf8') : undefined;
  const page = walkPage(ctx.index, {
    table: 'uploads',
    scope,
    prefix,
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...uploadsStart(scope, prefix, delimiter, input.keyMarker, input.uploadIdMarker),
    maxItems: Math.max(0, input.maxUploads),
    nameLength: (entryKey) => entryKey.indexOf(0, scope.length) - scope.length,
  });
  const uploads: MultipartUploadInfo[] = [];
  const commonPrefixes: string[] = [];
  for (const item of page.items) {
    if (item.kind === 'prefix') commonPrefixes.push(item.name);
    else uploads.push(toUploadInfo(bucket, item.name, item.entry.value));
  }
  const result: ListMultipartUploadsResult = { uploads, commonPrefixes, isTruncated: page.isTruncated };
  const last = page.items[page.items.length - 1];
  if (page.isTruncated && last !== undefined) {
    result.nextKeyMarker = last.name;
    if (last.kind === 'entry') result.nextUploadIdMarker = last.entry.value.uploadId;
  }
  return result;
}

/**
 * S3: without an upload-id marker, uploads of keys greater than the key
 * marker; with one, also the key marker's own uploads after that id.
 */
function uploadsStart(scope: Buffer, prefix: Buffer, delimiter: Buffer | undefined, keyMarker: string | undefined, uploadIdMarker: string | undefined): { start: Buffer; exclusiveStart: boolean } {
  const marker = keyMarker !== undefined ? Buffer.from(keyMarker, 'utf8') : undefined;
  const base = startAfterMarker(scope, prefix, delimiter, marker);
  if (marker === undefined || !base.exclusiveStart) return base; // at the prefix, or past a common prefix
  if (uploadIdMarker !== undefined && uploadIdMarker !== '') {
    return { start: Buffer.concat([scope, marker, Buffer.from([0]), Buffer.from(uploadIdMarker, 'utf8')]), exclusiveStart: true };
  }
  return { start: Buffer.concat([scope, marker, Buffer.from([1])]), exclusiveStart: false };
}
