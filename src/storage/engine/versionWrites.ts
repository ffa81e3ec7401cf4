// The write side of versions, always inside the caller's index transaction:
// a new version (object or delete marker) on top of a key, a version removed
// for good, and the object lock rules that guard removal. Versioning rules
// follow S3: Enabled buckets stack versions; unversioned and Suspended
// buckets replace the key's "null" version.
import { StoreError } from '../StoreError.js';
import { fileKey, objectKey, versionKey, type BucketRecord, type MetaWriter, type ObjectRecord } from '../meta/index.js';
import { NULL_VERSION, dataKey, layoutOf, newestVersion, nullVsk, nextVsk, olderVersion } from './versions.js';

/** A version record before the commit gives it its identity. */
export type NewVersion = Omit<ObjectRecord, 'versionId' | 'vsk'>;

export interface AddedVersion {
  record: ObjectRecord;
  /** Files of a replaced null version, to unlink once the commit is durable. */
  garbage: string[];
}

/**
 * Puts a new version on top of the key: the caller writes what the new
 * version owns (inline bytes, layout, file records) under dataKey() of the
 * returned record, in the same transaction.
 */
export function addVersion(
  txn: MetaWriter,
  bucketRecord: BucketRecord,
  bucket: string,
  key: string,
  version: NewVersion,
  nowMs: number,
): AddedVersion {
  const okey = objectKey(bucket, key);
  const newest = newestVersion(txn, bucket, key);
  let vsk = nextVsk(nowMs, newest?.vsk);
  const versioning = bucketRecord.versioning;
  const versionId = versioning === 'Enabled' ? vsk : NULL_VERSION;
  const garbage: string[] = [];
  if (versionId === NULL_VERSION) {
    // Unversioned and Suspended buckets keep one null version per key: the new one replaces it.
    // Usually it is the newest version, already read: no second lookup.
    let old: ObjectRecord | undefined;
    if (newest?.versionId === NULL_VERSION) old = newest;
    else {
      const oldVsk = nullVsk(txn, bucket, key);
      old = oldVsk === undefined ? undefined : txn.get('versions', versionKey(bucket, key, oldVsk));
    }
    if (old !== undefined) {
      // The common overwrite (the null version is the newest, as always in a
      // bucket never versioned): the new version takes over its sort key, so
      // the records and inline bytes are rewritten in place rather than
      // removed and added under a new key. On 8 drives that is 3 keys to
      // copy to each replica instead of 5. Its place in the order is the same.
      const inPlace = old.vsk === newest?.vsk;
      if (inPlace) vsk = old.vsk;
      else txn.remove('versions', versionKey(bucket, key, old.vsk));
      garbage.push(...retireVersion(txn, bucket, key, old, nowMs, inPlace && rewritesDataKey(old, version)));
    }
    // A bucket never versioned has no pointers (its null version is always current).
    if (versioning !== undefined) txn.put('nulls', okey, vsk);
  } else if (newest?.versionId === NULL_VERSION) {
    // The null version goes out of sight under the new one: keep a way to find it by id.
    txn.put('nulls', okey, newest.vsk);
  }
  const record: ObjectRecord = { ...version, versionId, vsk };
  txn.put('versions', versionKey(bucket, key, vsk), record);
  if (record.deleteMarker === true) txn.remove('objects', okey);
  else txn.put('objects', okey, record);
  return { record, garbage };
}

/** Whether the new version writes the same data key the old one used (its inline bytes or its layout), so retiring need not remove it. */
function rewritesDataKey(old: ObjectRecord, next: NewVersion): boolean {
  if (old.data.kind === 'inline') return next.data.kind === 'inline' && next.sizeBytes > 0;
  return old.data.kind === 'multipart' && next.data.kind === 'multipart';
}

/**
 * Removes one version for good (S3's DELETE with a versionId). When it was
 * the newest, the next one becomes current. Returns files to unlink.
 */
export function removeVersion(txn: MetaWriter, bucket: string, key: string, record: ObjectRecord, nowMs: number): string[] {
  const okey = objectKey(bucket, key);
  const wasNewest = newestVersion(txn, bucket, key)?.vsk === record.vsk;
  const next = wasNewest ? olderVersion(txn, bucket, key, record.vsk) : undefined;
  txn.remove('versions', versionKey(bucket, key, record.vsk));
  if (record.versionId === NULL_VERSION) txn.remove('nulls', okey);
  if (wasNewest) {
    if (next === undefined || next.deleteMarker === true) txn.remove('objects', okey);
    else txn.put('objects', okey, next);
  }
  return retireVersion(txn, bucket, key, record, nowMs);
}

/** Why a version may not be removed now (object lock), or undefined. */
export function lockRefusal(
  record: ObjectRecord,
  nowMs: number,
  bypassGovernance: boolean,
  bucket: string,
  key: string,
): StoreError | undefined {
  const where = { bucket, key, versionId: record.versionId };
  if (record.legalHold === true)
    return new StoreError(
      'ObjectLocked',
      'Access Denied because object protected by object lock: the version is under a legal hold.',
      where,
    );
  const retention = record.retention;
  if (retention === undefined || retention.untilMs <= nowMs) return undefined;
  if (retention.mode === 'GOVERNANCE' && bypassGovernance) return undefined;
  const until = new Date(retention.untilMs).toISOString();
  return new StoreError(
    'ObjectLocked',
    `Access Denied because object protected by object lock: ${retention.mode} retention until ${until}.`,
    where,
  );
}

/** Rewrites a version's record (attributes only), keeping `objects` in step when it is the current one. */
export function rewriteVersion(txn: MetaWriter, bucket: string, key: string, record: ObjectRecord): void {
  txn.put('versions', versionKey(bucket, key, record.vsk), record);
  const okey = objectKey(bucket, key);
  if (txn.get('objects', okey)?.vsk === record.vsk) txn.put('objects', okey, record);
}

/**
 * Drops everything a version owns besides its records (inline bytes, part
 * layout, file references) and moves its files to `garbage`, in the
 * caller's transaction. Returns the file ids to unlink once the transaction
 * is durable. `dataKeyRewritten`: the caller puts new inline bytes or a new
 * layout under the same key in this transaction, so it is not removed first.
 */
function retireVersion(
  txn: MetaWriter,
  bucket: string,
  key: string,
  record: ObjectRecord,
  nowMs: number,
  dataKeyRewritten = false,
): string[] {
  const dkey = dataKey(bucket, key, record);
  let fileIds: string[] = [];
  switch (record.data.kind) {
    case 'inline':
      if (!dataKeyRewritten) txn.remove('inline', dkey);
      break;
    case 'parts':
      fileIds = record.data.parts.map((part) => part.fileId);
      break;
    case 'multipart':
      fileIds = (layoutOf(txn, bucket, key, record) ?? []).map((part) => part.fileId);
      if (!dataKeyRewritten) txn.remove('layouts', dkey);
      break;
    case 'none':
      break;
  }
  for (const fileId of fileIds) discardFile(txn, fileId, nowMs);
  return fileIds;
}

/** Moves a file from `files` to `garbage` (same transaction as the change that dropped it). */
export function discardFile(txn: MetaWriter, fileId: string, nowMs: number): void {
  const key = fileKey(fileId);
  txn.remove('files', key);
  txn.put('garbage', key, { sinceMs: nowMs });
}
