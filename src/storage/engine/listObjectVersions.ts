// ListObjectVersions: a cursor walk over the `versions` table, whose keys
// (bucket \0 key \0 vsk) put every key's versions together, newest first.
// Prefix and delimiter work as in ListObjects (a common prefix is skipped
// with one seek), so a page costs the page. Versions, delete markers and
// common prefixes together count toward maxKeys.
import type { ListObjectVersionsInput, ListObjectVersionsResult } from '../ObjectStore.js';
import { prefixEnd, versionKey } from '../meta/index.js';
import type { EngineContext } from './context.js';
import { openListing, splitPage } from './listing.js';
import { commonPrefixOf, walkPage } from './walk.js';
import { invalidVersionId, isVersionId, NULL_VERSION, nullVsk, toObjectInfo, VSK_LENGTH } from './versions.js';

export async function listObjectVersions(
  ctx: EngineContext,
  input: ListObjectVersionsInput,
  signal: AbortSignal,
): Promise<ListObjectVersionsResult> {
  const { scope, prefix, delimiter, walk } = openListing(ctx, input, signal);
  const position = startPosition(ctx, input, scope, prefix, delimiter);
  const page = walkPage(ctx.index, {
    table: 'versions',
    ...walk,
    start: position.start,
    exclusiveStart: position.exclusiveStart,
    maxItems: Math.max(0, input.maxKeys),
    // The name is the object key: everything between scope and \0 vsk.
    nameLength: (entryKey) => entryKey.length - scope.length - 1 - VSK_LENGTH,
  });
  // The first version of each key in table order is its newest, unless the
  // page began inside that key. (A common prefix never falls between two
  // versions of one key, so only the entries need to carry this along.)
  let previousKey = position.insideKey;
  const { items, commonPrefixes, isTruncated, next } = splitPage(page, (name, value) => {
    const info = toObjectInfo(input.bucket, name, value);
    info.isLatest = name !== previousKey;
    previousKey = name;
    return info;
  });
  const result: ListObjectVersionsResult = { versions: items, commonPrefixes, isTruncated };
  if (next !== undefined) {
    result.nextKeyMarker = next.name;
    if (next.kind === 'entry') result.nextVersionIdMarker = next.entry.value.versionId;
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
function startPosition(
  ctx: EngineContext,
  input: ListObjectVersionsInput,
  scope: Buffer,
  prefix: Buffer,
  delimiter: Buffer | undefined,
): StartPosition {
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
  const skipped =
    common !== undefined && common.length === marker.length
      ? Buffer.concat([scope, marker])
      : Buffer.concat([scope, marker, Buffer.from([0])]);
  const start = prefixEnd(skipped);
  if (start === undefined || start.compare(atPrefix.start) < 0) return atPrefix;
  return { start, exclusiveStart: false };
}
