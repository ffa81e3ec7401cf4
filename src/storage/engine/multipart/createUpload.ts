// CreateMultipartUpload: one `uploads` record; its id sorts by initiation
// time so ListMultipartUploads comes out ordered by key, then time.
import type { CreateMultipartUploadInput, MultipartUploadInfo } from '../../ObjectStore.js';
import { StoreError } from '../../StoreError.js';
import { bucketKey, uploadKey, type UploadRecord } from '../../meta/index.js';
import { isCrcAlgorithm } from '../../../util/checksum.js';
import { throwIfAborted } from '../abort.js';
import { requireBucket } from '../buckets.js';
import type { EngineContext } from '../context.js';
import { checkKey, noSuchBucket } from '../errors.js';
import { checkLockRequest } from '../lockSettings.js';
import { sweepCompletions } from './completions.js';
import { newUploadId, toUploadInfo } from './uploads.js';

export async function createMultipartUpload(
  ctx: EngineContext,
  input: CreateMultipartUploadInput,
  signal: AbortSignal,
): Promise<MultipartUploadInfo> {
  throwIfAborted(signal);
  const { bucket, key, checksumAlgorithm } = input;
  checkKey(bucket, key);
  checkLockRequest(requireBucket(ctx.index, bucket), input, bucket, key);
  if (input.checksumType !== undefined && checksumAlgorithm === undefined) {
    throw new StoreError('InvalidArgument', 'A checksum type requires a checksum algorithm.', { bucket, key });
  }
  // CRC64NVME only exists as a full-object checksum; SHA digests do not combine.
  const checksumType = input.checksumType ?? (checksumAlgorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (checksumAlgorithm !== undefined && checksumType === 'FULL_OBJECT' && !isCrcAlgorithm(checksumAlgorithm)) {
    throw new StoreError('InvalidArgument', `The FULL_OBJECT checksum type is not supported with ${checksumAlgorithm}; use COMPOSITE.`, {
      bucket,
      key,
    });
  }
  if (checksumAlgorithm === 'CRC64NVME' && checksumType === 'COMPOSITE') {
    throw new StoreError('InvalidArgument', 'The COMPOSITE checksum type is not supported with CRC64NVME; use FULL_OBJECT.', {
      bucket,
      key,
    });
  }
  const nowMs = Date.now();
  const record: UploadRecord = {
    v: 1,
    uploadId: newUploadId(nowMs),
    initiatedMs: nowMs,
    metadata: input.metadata,
    storageClass: input.storageClass ?? 'STANDARD',
  };
  if (checksumAlgorithm !== undefined) {
    record.checksumAlgorithm = checksumAlgorithm;
    record.checksumType = checksumType;
  }
  if (input.tags !== undefined && input.tags.length > 0) record.tags = input.tags;
  if (input.retention !== undefined) record.retention = { mode: input.retention.mode, untilMs: input.retention.retainUntil.getTime() };
  if (input.legalHold === true) record.legalHold = true;
  const created = await ctx.index.transact((txn) => {
    if (txn.get('buckets', bucketKey(bucket)) === undefined) return false;
    txn.put('uploads', uploadKey(bucket, key, record.uploadId), record);
    sweepCompletions(txn, nowMs); // so records expire even where uploads are created but rarely completed
    return true;
  });
  if (!created) throw noSuchBucket(bucket);
  return toUploadInfo(bucket, key, record);
}
