// Object versions in the index: finding them, ordering them, and the
// translation from records to ObjectInfo. The write side (a new version on
// top, a version removed) lives in versionWrites.ts.
//
// Every version of a key, delete markers included, has a `versions` record
// under bucket \0 key \0 vsk; vsks sort newest first, so the first record
// under bucket \0 key \0 is the key's current state. `objects` mirrors that
// first record unless it is a delete marker.
import { randomBytes } from 'node:crypto';
import type { ObjectInfo, ObjectPartLayout } from '../ObjectStore.js';
import { StoreError } from '../StoreError.js';
import { objectKey, prefixEnd, versionKey, type LayoutPart, type MetaReader, type ObjectRecord } from '../meta/index.js';

export const NULL_VERSION = 'null';

/** Hex digits of the inverted microsecond time at the front of a vsk. */
const TIME_HEX = 14;
const TAIL_HEX = 8;
export const VSK_LENGTH = TIME_HEX + TAIL_HEX;
/** Microsecond times are inverted against this (2^53 - 1: about the year 2255). */
const TIME_CEILING = Number.MAX_SAFE_INTEGER;
const VSK_PATTERN = /^[0-9a-f]{22}$/;

/** The microsecond time a vsk was made at. */
function vskTimeMicros(vsk: string): number {
  return TIME_CEILING - Number.parseInt(vsk.slice(0, TIME_HEX), 16);
}

/**
 * A sort key for a version created now, sorting before (newer than) `newest`,
 * the key's current newest vsk: commit order decides which version is
 * current, even when clocks of two workers disagree or a microsecond repeats.
 */
export function nextVsk(nowMs: number, newest: string | undefined, tail: string = randomBytes(TAIL_HEX / 2).toString('hex')): string {
  let micros = Math.floor(nowMs * 1000);
  if (newest !== undefined) micros = Math.max(micros, vskTimeMicros(newest) + 1);
  return (TIME_CEILING - micros).toString(16).padStart(TIME_HEX, '0') + tail;
}

/** Whether a client-given version id can name a version at all (S3 answers InvalidArgument otherwise). */
export function isVersionId(versionId: string): boolean {
  return versionId === NULL_VERSION || VSK_PATTERN.test(versionId);
}

export function invalidVersionId(bucket: string, key: string, versionId: string): StoreError {
  return new StoreError('InvalidArgument', `Invalid version id specified: ${versionId}`, { bucket, key, versionId });
}

/** bucket \0 key \0 : every `versions` key of the object starts with it. */
function versionScope(bucket: string, key: string): Buffer {
  return versionKey(bucket, key, '');
}

/** The `inline` / `layouts` key of a version. */
export function dataKey(bucket: string, key: string, record: ObjectRecord): Buffer {
  return versionKey(bucket, key, record.vsk);
}

/** The key's newest version (possibly a delete marker), or undefined when it has none. */
export function newestVersion(reader: MetaReader, bucket: string, key: string): ObjectRecord | undefined {
  const start = versionScope(bucket, key);
  const end = prefixEnd(start);
  if (end === undefined) return undefined;
  for (const entry of reader.range('versions', { start, end, limit: 1 })) return entry.value;
  return undefined;
}

/** The version after (older than) `vsk` of the same key, if any. */
export function olderVersion(reader: MetaReader, bucket: string, key: string, vsk: string): ObjectRecord | undefined {
  const scope = versionScope(bucket, key);
  const end = prefixEnd(scope);
  if (end === undefined) return undefined;
  for (const entry of reader.range('versions', { start: versionKey(bucket, key, vsk), end, exclusiveStart: true, limit: 1 }))
    return entry.value;
  return undefined;
}

/** The vsk of the key's null version, if it has one. */
export function nullVsk(reader: MetaReader, bucket: string, key: string): string | undefined {
  const current = reader.get('objects', objectKey(bucket, key));
  if (current?.versionId === NULL_VERSION) return current.vsk;
  const pointer = reader.get('nulls', objectKey(bucket, key));
  if (pointer !== undefined) return pointer;
  // A null delete marker on top, or a null version written before the bucket's versioning was configured and buried since.
  const newest = newestVersion(reader, bucket, key);
  return newest?.versionId === NULL_VERSION ? newest.vsk : undefined;
}

/** The version with this S3 version id, or undefined. */
export function findVersion(reader: MetaReader, bucket: string, key: string, versionId: string): ObjectRecord | undefined {
  const vsk = versionId === NULL_VERSION ? nullVsk(reader, bucket, key) : versionId;
  if (vsk === undefined) return undefined;
  const record = reader.get('versions', versionKey(bucket, key, vsk));
  return record !== undefined && record.versionId === versionId ? record : undefined;
}

export function toObjectInfo(bucket: string, key: string, record: ObjectRecord, layout?: readonly LayoutPart[]): ObjectInfo {
  const info: ObjectInfo = {
    bucket,
    key,
    versionId: record.versionId,
    sizeBytes: record.sizeBytes,
    etag: record.etag,
    lastModified: new Date(record.lastModifiedMs),
    metadata: record.metadata,
    storageClass: record.storageClass,
  };
  if (record.deleteMarker === true) info.deleteMarker = true;
  if (record.checksum !== undefined) info.checksum = record.checksum;
  if (layout !== undefined) info.parts = layout.map(toPartLayout);
  if (record.tags !== undefined && record.tags.length > 0) info.tags = record.tags;
  if (record.retention !== undefined) info.retention = { mode: record.retention.mode, retainUntil: new Date(record.retention.untilMs) };
  if (record.legalHold !== undefined) info.legalHold = record.legalHold;
  return info;
}

function toPartLayout(part: LayoutPart): ObjectPartLayout {
  const out: ObjectPartLayout = { partNumber: part.partNumber, sizeBytes: part.sizeBytes, etag: part.etag };
  if (part.checksum !== undefined) out.checksum = part.checksum;
  return out;
}

/** The S3 part layout of a multipart version, undefined for other versions. */
export function layoutOf(reader: MetaReader, bucket: string, key: string, record: ObjectRecord): LayoutPart[] | undefined {
  if (record.data.kind !== 'multipart') return undefined;
  const layout = reader.get('layouts', dataKey(bucket, key, record));
  if (layout === undefined) throw new Error(`Index damaged: the part layout of ${bucket}/${key} is missing.`);
  return layout.parts;
}
