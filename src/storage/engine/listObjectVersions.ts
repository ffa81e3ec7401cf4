// ListObjectVersions: a cursor walk over the `versions` table, whose keys
// (bucket \0 key \0 vsk) put every key's versions together, newest first.
// Prefix and delimiter work as in ListObjects (a common prefix is skipped
// with one seek), so a page costs the page. Versions, delete markers and
// common prefixes together count toward maxKeys.
import type { ListObjectVersionsInput, ListObjectVersionsResult, ObjectInfo } from '../ObjectStore.js';
import { bucketScope, prefixEnd, versionKey } from '../meta/index.js';
import { throwIfAborted } from './abort.js';
import { requireBucket } from './buckets.js';
import type { EngineContext } from './context.js';
import { commonPrefixOf, walkPage } from './walk.js';
import { invalidVersionId, isVersionId, NULL_VERSION, nullVsk, toObjectInfo, VSK_LENGTH } from './versions.js';

export async function listObjectVersions(ctx: EngineContext, input: ListObjectVersionsInput, signal: AbortSignal): Promise<ListObjectVersionsResult> {
  throwIfAborted(signal);
  const { bucket } = input;
  requireBucket(ctx.index, bucket);
  const scope = bucketScope(bucket);
  const prefix = Buffer.from(input.prefix ?? '', 'utf8');
  const delimiter = input.delimiter !== undefined && input.delimiter !== '' ? Buffer.from(input.delimiter, 'utf8') : undefined;
  const position = startPosition(ctx, input, scope, prefix, delimiter);
  const page = walkPage(ctx.index, {
    table: 'versions',
    scope,
    prefix,
    ...(delimiter !== undefined ? { delimiter } : {}),
    start: position.start,
    exclusiveStart: position.exclusiveStart,
    maxItems: Math.max(0, input.maxKeys),
    // The name is the object key: everything between scope and \0 vsk.
    nameLength: (entryKey) => entryKey.length - scope.length - 1 - VSK_LENGTH,
  });
  const versions: ObjectInfo[] = [];
  const commonPrefixes: string[] = [];
  // The first version of each key in table order is its newest, unless the page began inside that key.
  let previousKey = position.insideKey;
  for (const item of page.items) {
    if (item.kind === 'prefix') {
      commonPrefixes.push(item.name);
      previousKey = undefined;
      continue;
    }
    const info = toObjectInfo(bucket, item.name, item.entry.value);
    info.isLatest = item.name !== previousKey;
    previousKey = item.name;
    versions.push(info);
  }
  const result: ListObjectVersionsResult = { versions, commonPrefixes, isTruncated: page.isTruncated };
  const last = page.items[page.items.length - 1];
  if (page.isTruncated && last !== undefined) {
    result.nextKeyMarker = last.name;
    if (last.kind === 'entry') result.nextVersionIdMarker = last.entry.value.versionId;
  }
  return result;
}

interface StartPosition {
  start: Buffer;
  exclusiveStart: boolean;
  /** Set when the walk resumes among the versions of this key. */
  insideKey?: string;
}

/** Where a page resumes: after one version of keyMarker, after all of it, or after a whole common prefix. */
function startPosition(ctx: EngineContext, input: ListObjectVersionsInput, scope: Buffer, prefix: Buffer, delimiter: Buffer | undefined): StartPosition {
  const atPrefix: StartPosition = { start: Buffer.concat([scope, prefix]), exclusiveStart: false };
  const keyMarker = input.keyMarker ?? '';
  if (keyMarker === '') return atPrefix;
  const marker = Buffer.from(keyMarker, 'utf8');
  const versionIdMarker = input.versionIdMarker ?? '';
  if (versionIdMarker !== '') {
    if (!isVersionId(versionIdMarker)) throw invalidVersionId(input.bucket, keyMarker, versionIdMarker);
    const vsk = versionIdMarker === NULL_VERSION ? nullVsk(ctx.index, input.bucket, keyMarker) : versionIdMarker;
    if (vsk !== undefined) {
      const start = versionKey(input.bucket, keyMarker, vsk);
      return start.compare(atPrefix.start) < 0 ? atPrefix : { start, exclusiveStart: true, insideKey: keyMarker };
    }
  }
  // After every version of the marker key, or of every key under a marker that is a common prefix.
  const common = marker.subarray(0, prefix.length).equals(prefix) ? commonPrefixOf(marker, prefix.length, delimiter) : undefined;
  const skipped = common !== undefined && common.length === marker.length ? Buffer.concat([scope, marker]) : Buffer.concat([scope, marker, Buffer.from([0])]);
  const start = prefixEnd(skipped);
  if (start === undefined || start.compare(atPrefix.start) < 0) return atPrefix;
  return { start, exclusiveStart: false };
}
