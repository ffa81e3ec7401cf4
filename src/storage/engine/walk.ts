// One listing page over an ordered table, with S3's prefix / delimiter
// rules, at a cost proportional to the page: after a common prefix is
// emitted the cursor is re-positioned past every key under it (one seek),
// never walked through them. Shared by ListObjects and ListMultipartUploads.
import type { MetaEntry, MetaReader, TableName, TableValues } from '../meta/index.js';
import { prefixEnd } from '../meta/index.js';

export interface WalkInput<T extends TableName> {
  table: T;
  /** Every key of the listing starts with scope (bucket \0). */
  scope: Buffer;
  /** Key prefix (after scope), UTF-8. */
  prefix: Buffer;
  delimiter?: Buffer;
  /** Where to start: a full table key, and whether that key itself is excluded. */
  start: Buffer;
  exclusiveStart: boolean;
  maxItems: number;
  /** Length of the name part of an entry key after scope (uploads: up to the \0 before the upload id). */
  nameLength: (entryKey: Buffer) => number;
}

export type WalkItem<V> = { kind: 'entry'; name: string; entry: MetaEntry<V> } | { kind: 'prefix'; name: string };

export interface WalkPage<V> {
  items: WalkItem<V>[];
  isTruncated: boolean;
}

/** [start, end) of the table keys under scope + prefix. */
function prefixRange(scope: Buffer, prefix: Buffer): { start: Buffer; end: Buffer } {
  const start = Buffer.concat([scope, prefix]);
  const end = prefixEnd(start);
  if (end === undefined) throw new Error('unreachable: scope ends with 0x00');
  return { start, end };
}

/**
 * The common prefix `name` rolls up into (up to and including the first
 * delimiter after the prefix), or undefined when it is listed by itself.
 */
export function commonPrefixOf(name: Buffer, prefixLength: number, delimiter: Buffer | undefined): Buffer | undefined {
  if (delimiter === undefined || delimiter.length === 0) return undefined;
  const at = name.indexOf(delimiter, prefixLength);
  return at < 0 ? undefined : name.subarray(0, at + delimiter.length);
}

/** S3 keys are at most 1024 bytes, so a longer prefix names nothing. */
const MAX_KEY_BYTES = 1024;

export function walkPage<T extends TableName>(reader: MetaReader, input: WalkInput<T>): WalkPage<TableValues[T]> {
  const { scope, prefix, delimiter, maxItems } = input;
  // Answered without a seek: the index refuses keys that long (LMDB's limit is
  // ~2 KB), which made a 3 KB prefix an InternalError.
  if (prefix.length > MAX_KEY_BYTES) return { items: [], isTruncated: false };
  const end = prefixRange(scope, prefix).end;
  const items: WalkItem<TableValues[T]>[] = [];
  let start = input.start;
  let exclusiveStart = input.exclusiveStart;
  for (;;) {
    let skipTo: Buffer | undefined;
    for (const entry of reader.range(input.table, { start, end, exclusiveStart })) {
      const name = entry.key.subarray(scope.length, scope.length + input.nameLength(entry.key));
      const common = commonPrefixOf(name, prefix.length, delimiter);
      if (items.length === maxItems) return { items, isTruncated: true };
      if (common === undefined) {
        items.push({ kind: 'entry', name: name.toString('utf8'), entry });
        continue;
      }
      items.push({ kind: 'prefix', name: common.toString('utf8') });
      skipTo = prefixEnd(Buffer.concat([scope, common]));
      break; // leaving the loop releases the cursor; the next range() is one seek
    }
    if (skipTo === undefined || skipTo.compare(end) >= 0) return { items, isTruncated: false };
    start = skipTo;
    exclusiveStart = false;
  }
}

/**
 * The start position for a listing that resumes after `marker` (a key or a
 * common prefix returned by an earlier page): keys under a marker that is a
 * common prefix are skipped as a whole.
 */
export function startAfterMarker(
  scope: Buffer,
  prefix: Buffer,
  delimiter: Buffer | undefined,
  marker: Buffer | undefined,
): { start: Buffer; exclusiveStart: boolean } {
  const atPrefix = { start: Buffer.concat([scope, prefix]), exclusiveStart: false };
  if (marker === undefined || marker.length === 0 || marker.compare(prefix) < 0) return atPrefix;
  if (marker.subarray(0, prefix.length).equals(prefix)) {
    const common = commonPrefixOf(marker, prefix.length, delimiter);
    if (common !== undefined && common.length === marker.length) {
      const past = prefixEnd(Buffer.concat([scope, marker]));
      if (past !== undefined) return { start: past, exclusiveStart: false };
    }
  }
  return { start: Buffer.concat([scope, marker]), exclusiveStart: true };
}
