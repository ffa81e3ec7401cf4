// ListObjects (V1 and V2 share it): a cursor walk over the bucket's current
// objects in UTF-8 byte order. Objects and common prefixes together count
// toward maxKeys, as in S3. Listed ObjectInfo carries no `parts` (use
// headObject for the part layout).
import type { ListObjectsInput, ListObjectsResult, ObjectInfo } from '../ObjectStore.js';
import { bucketScope } from '../meta/index.js';
import { throwIfAborted } from './abort.js';
import { requireBucket } from './buckets.js';
import type { EngineContext } from './context.js';
import { toObjectInfo } from './versions.js';
import { startAfterMarker, walkPage } from './walk.js';

export async function listObjects(ctx: EngineContext, input: ListObjectsInput, signal: AbortSignal): Promise<ListObjectsResult> {
  throwIfAborted(signal);
  const { bucket } = input;
  requireBucket(ctx.index, bucket);
  const scope = bucketScope(bucket);
  const prefix = Buffer.from(input.prefix ?? '', 'utf8');
  const delimiter = input.delimiter !== undefined && input.delimiter !== '' ? Buffer.from(input.delimiter, 'utf8') : undefined;
  const marker = input.startAfter !== undefined ? Buffer.from(input.startAfter, 'utf8') : undefined;
  const page = walkPage(ctx.index, {
    table: 'objects',
    scope,
    prefix,
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...startAfterMarker(scope, prefix, delimiter, marker),
    maxItems: Math.max(0, input.maxKeys),
    nameLength: (entryKey) => entryKey.length - scope.length,
  });
  const objects: ObjectInfo[] = [];
  const commonPrefixes: string[] = [];
  for (const item of page.items) {
    if (item.kind === 'prefix') commonPrefixes.push(item.name);
    else objects.push(toObjectInfo(bucket, item.name, item.entry.value));
  }
  const result: ListObjectsResult = { objects, commonPrefixes, isTruncated: page.isTruncated };
  const last = page.items[page.items.length - 1];
  if (page.isTruncated && last !== undefined) result.nextStartAfter = last.name;
  return result;
}
