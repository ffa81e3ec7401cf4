// DeleteObject: idempotent (a missing key is not an error), with If-Match
// checked inside the transaction that removes the record.
import type { DeleteObjectInput, DeleteObjectResult } from '../ObjectStore.js';
import { bucketKey, objectKey } from '../meta/index.js';
import { throwIfAborted } from './abort.js';
import { requireBucket } from './buckets.js';
import { checkWriteConditions } from './conditions.js';
import type { EngineContext } from './context.js';
import { noSuchBucket, noSuchKey } from './errors.js';
import { NULL_VERSION, retireVersion } from './versions.js';

export async function deleteObject(ctx: EngineContext, input: DeleteObjectInput, signal: AbortSignal): Promise<DeleteObjectResult> {
  throwIfAborted(signal);
  const { bucket, key } = input;
  requireBucket(ctx.index, bucket);
  const okey = objectKey(bucket, key);
  const versionId = input.versionId;
  // Until versioning exists only the "null" version can be named.
  if (versionId !== undefined && versionId !== NULL_VERSION) return { deleted: false };
  if (ctx.index.get('objects', okey) === undefined) {
    // Nothing to delete; a concurrent create is ordered after this delete.
    if (input.conditions?.ifMatchETag !== undefined) throw noSuchKey(bucket, key);
    return { deleted: false };
  }
  const nowMs = Date.now();
  const outcome = await ctx.index.transact((txn) => {
    if (txn.get('buckets', bucketKey(bucket)) === undefined) return { error: noSuchBucket(bucket) };
    const current = txn.get('objects', okey);
    const failed = checkWriteConditions(current, input.conditions, bucket, key);
    if (failed !== undefined) return { error: failed };
    if (current === undefined) return { garbage: [], deleted: false };
    const garbage = retireVersion(txn, bucket, key, current, nowMs);
    txn.remove('objects', okey);
    return { garbage, deleted: true };
  });
  if ('error' in outcome) throw outcome.error;
  ctx.reclaimer.reclaim(outcome.garbage);
  return { deleted: outcome.deleted };
}
