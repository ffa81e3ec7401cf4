// ListObjects (V1 and V2 share it): a cursor walk over the bucket's current
// objects in UTF-8 byte order. Objects and common prefixes together count
// toward maxKeys, as in S3. Listed ObjectInfo carries no `parts` (use
// headObject for the part layout).
import type { ListObjectsInput, ListObjectsResult } from '../ObjectStore.js';
import type { EngineContext } from './context.js';
import { openListing, splitPage } from './listing.js';
import { toObjectInfo } from './versions.js';
import { startAfterMarker, walkPage } from './walk.js';

export async function listObjects(ctx: EngineContext, input: ListObjectsInput, signal: AbortSignal): Promise<ListObjectsResult> {
  const { scope, prefix, delimiter, walk } = openListing(ctx, input, signal);
  const marker = input.startAfter !== undefined ? Buffer.from(input.startAfter, 'utf8') : undefined;
  const page = walkPage(ctx.index, {
    table: 'objects',
    ...walk,
    ...startAfterMarker(scope, prefix, delimiter, marker),
    maxItems: Math.max(0, input.maxKeys),
    nameLength: (entryKey) => entryKey.length - scope.length,
  });
  const { items, commonPrefixes, isTruncated, next } = splitPage(page, (name, value) => toObjectInfo(input.bucket, name, value));
  const result: ListObjectsResult = { objects: items, commonPrefixes, isTruncated };
  if (next !== undefined) result.nextStartAfter = next.name;
  return result;
}
