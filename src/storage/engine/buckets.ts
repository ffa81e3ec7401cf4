// Buckets: one `buckets` record each. Existence checks that guard writes run
// again inside each write's transaction, so a bucket deleted concurrently is
// never written into.
import type { BucketInfo, CreateBucketInput } from '../ObjectStore.js';
import { StoreError } from '../StoreError.js';
import { bucketKey, bucketScope, prefixEnd, type BucketRecord, type MetaReader } from '../meta/index.js';
import { throwIfAborted } from './abort.js';
import type { EngineContext } from './context.js';
import { noSuchBucket } from './errors.js';
import { deleteUploadParts } from './multipart/uploads.js';

function toBucketInfo(record: BucketRecord): BucketInfo {
  return { name: record.name, createdAt: new Date(record.createdMs), region: record.region };
}

/** The bucket's record, or NoSuchBucket. */
export function requireBucket(reader: MetaReader, bucket: string): BucketRecord {
  const record = reader.get('buckets', bucketKey(bucket));
  if (record === undefined) throw noSuchBucket(bucket);
  return record;
}

/** [start, end) of every `objects` / `uploads` key of the bucket. */
function bucketRange(bucket: string): { start: Buffer; end: Buffer } {
  const start = bucketScope(bucket);
  const end = prefixEnd(start);
  if (end === undefined) throw new Error('unreachable: a bucket scope ends with 0x00');
  return { start, end };
}

export async function createBucket(ctx: EngineContext, input: CreateBucketInput, signal: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  const key = bucketKey(input.bucket);
  const record: BucketRecord = { v: 1, name: input.bucket, createdMs: Date.now(), region: input.region };
  if (input.objectLockEnabled === true) {
    // S3: a bucket created with object lock has versioning Enabled for good.
    record.versioning = 'Enabled';
    record.objectLock = { enabled: true };
  }
  const created = await ctx.index.transact((txn) => {
    if (txn.get('buckets', key) !== undefined) return false;
    txn.put('buckets', key, record);
    return true;
  });
  if (!created) {
    throw new StoreError('BucketAlreadyOwnedByYou', `The bucket ${input.bucket} already exists and is yours.`, { bucket: input.bucket });
  }
}

export async function headBucket(ctx: EngineContext, bucket: string, signal: AbortSignal): Promise<BucketInfo> {
  throwIfAborted(signal);
  return toBucketInfo(requireBucket(ctx.index, bucket));
}

export async function listBuckets(ctx: EngineContext, signal: AbortSignal): Promise<BucketInfo[]> {
  throwIfAborted(signal);
  const out: BucketInfo[] = [];
  // Bucket names are ASCII, so byte order is name order.
  for (const { value } of ctx.index.range('buckets', { start: Buffer.alloc(0), end: Buffer.from([0xff]) })) out.push(toBucketInfo(value));
  return out;
}

/**
 * Deletes an empty bucket. Only object versions and delete markers make it
 * non-empty (as AWS counts); in-progress multipart uploads are aborted with it.
 */
export async function deleteBucket(ctx: EngineContext, bucket: string, signal: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  const range = bucketRange(bucket);
  const nowMs = Date.now();
  const outcome = await ctx.index.transact((txn) => {
    if (txn.get('buckets', bucketKey(bucket)) === undefined) return { error: noSuchBucket(bucket) };
    for (const _ of txn.range('versions', { ...range, limit: 1 })) {
      return {
        error: new StoreError(
          'BucketNotEmpty',
          `The bucket ${bucket} is not empty: delete its objects (and, if it is versioned, every version and delete marker) first.`,
          { bucket },
        ),
      };
    }
    const uploads = [...txn.range('uploads', range)];
    const garbage: string[] = [];
    for (const { key, value } of uploads) {
      garbage.push(...deleteUploadParts(txn, value.uploadId, nowMs));
      txn.remove('uploads', key);
    }
    txn.remove('buckets', bucketKey(bucket));
    return { garbage };
  });
  if ('error' in outcome) throw outcome.error;
  ctx.reclaimer.reclaim(outcome.garbage);
}
