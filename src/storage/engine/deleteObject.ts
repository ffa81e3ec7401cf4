// DeleteObject, as S3 versioning defines it:
// - with a versionId: that version goes for good (unless object lock holds
//   it); deleting the newest makes the next one current, so deleting a
//   delete marker brings the object back;
// - without one: an unversioned bucket removes the object; an Enabled bucket
//   puts a delete marker on top; a Suspended one puts a "null" delete marker
//   in place of the null version.
// Idempotent (a missing key or version is not an error); If-Match is checked
// inside the transaction.
import type { DeleteObjectInput, DeleteObjectResult } from '../ObjectStore.js';
import { bucketKey, objectKey, type ObjectRecord } from '../meta/index.js';
import { throwIfAborted } from './abort.js';
import { requireBucket } from './buckets.js';
import { checkWriteConditions } from './conditions.js';
import type { EngineContext } from './context.js';
import { noSuchBucket, noSuchKey } from './errors.js';
import { addVersion, lockRefusal, removeVersion, type NewVersion } from './versionWrites.js';
import { findVersion, invalidVersionId, isVersionId } from './versions.js';

export async function deleteObject(ctx: EngineContext, input: DeleteObjectInput, signal: AbortSignal): Promise<DeleteObjectResult> {
  throwIfAborted(signal);
  const { bucket, key, versionId } = input;
  const bucketRecord = requireBucket(ctx.index, bucket);
  if (versionId !== undefined) return deleteVersion(ctx, input, versionId);
  const okey = objectKey(bucket, key);
  if (bucketRecord.versioning === undefined && ctx.index.get('objects', okey) === undefined) {
    // Nothing to delete; a concurrent create is ordered after this delete.
    if (input.conditions?.ifMatchETag !== undefined) throw noSuchKey(bucket, key);
    return { deleted: false };
  }
  const nowMs = Date.now();
  const outcome = await ctx.index.transact((txn) => {
    const current = txn.get('buckets', bucketKey(bucket));
    if (current === undefined) return { error: noSuchBucket(bucket) };
    const object = txn.get('objects', okey);
    const failed = checkWriteConditions(object, input.conditions, bucket, key);
    if (failed !== undefined) return { error: failed };
    if (current.versioning === undefined) {
      if (object === undefined) return { result: { deleted: false }, garbage: [] };
      return { result: { deleted: true } as DeleteObjectResult, garbage: removeVersion(txn, bucket, key, object, nowMs) };
    }
    const { record, garbage } = addVersion(txn, current, bucket, key, deleteMarker(nowMs), nowMs);
    return { result: { deleted: true, versionId: record.versionId, deleteMarker: true } as DeleteObjectResult, garbage };
  });
  if ('error' in outcome) throw outcome.error;
  ctx.reclaimer.reclaim(outcome.garbage);
  return outcome.result;
}

async function deleteVersion(ctx: EngineContext, input: DeleteObjectInput, versionId: string): Promise<DeleteObjectResult> {
  const { bucket, key } = input;
  if (!isVersionId(versionId)) throw invalidVersionId(bucket, key, versionId);
  if (findVersion(ctx.index, bucket, key, versionId) === undefined) return { deleted: false, versionId };
  const nowMs = Date.now();
  const outcome = await ctx.index.transact((txn) => {
    if (txn.get('buckets', bucketKey(bucket)) === undefined) return { error: noSuchBucket(bucket) };
    const record = findVersion(txn, bucket, key, versionId);
    if (record === undefined) return { result: { deleted: false, versionId }, garbage: [] };
    const failed = checkWriteConditions(record.deleteMarker === true ? undefined : record, input.conditions, bucket, key);
    if (failed !== undefined) return { error: failed };
    const locked = lockRefusal(record, nowMs, input.bypassGovernance === true, bucket, key);
    if (locked !== undefined) return { error: locked };
    const garbage = removeVersion(txn, bucket, key, record, nowMs);
    const result: DeleteObjectResult = { deleted: true, versionId };
    if (record.deleteMarker === true) result.deleteMarker = true;
    return { result, garbage };
  });
  if ('error' in outcome) throw outcome.error;
  ctx.reclaimer.reclaim(outcome.garbage);
  return outcome.result;
}

function deleteMarker(nowMs: number): NewVersion {
  const marker: Omit<ObjectRecord, 'versionId' | 'vsk'> = {
    v: 1,
    deleteMarker: true,
    sizeBytes: 0,
    etag: '',
    lastModifiedMs: nowMs,
    metadata: { userMetadata: {} },
    storageClass: 'STANDARD',
    data: { kind: 'none' },
  };
  return marker;
}
