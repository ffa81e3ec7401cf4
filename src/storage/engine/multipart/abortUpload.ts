// AbortMultipartUpload: the upload and its part records go in one
// transaction; the part files are unlinked once it is durable.
import { uploadKey } from '../../meta/index.js';
import { throwIfAborted } from '../abort.js';
import { requireBucket } from '../buckets.js';
import type { EngineContext } from '../context.js';
import { noSuchUpload } from '../errors.js';
import { deleteUploadParts, findUpload } from './uploads.js';

export async function abortMultipartUpload(
  ctx: EngineContext,
  input: { bucket: string; key: string; uploadId: string },
  signal: AbortSignal,
): Promise<void> {
  throwIfAborted(signal);
  const { bucket, key, uploadId } = input;
  requireBucket(ctx.index, bucket);
  const nowMs = Date.now();
  const outcome = await ctx.index.transact((txn) => {
    if (findUpload(txn, bucket, key, uploadId) === undefined) return { error: noSuchUpload(bucket, key, uploadId) };
    const garbage = deleteUploadParts(txn, uploadId, nowMs);
    txn.remove('uploads', uploadKey(bucket, key, uploadId));
    return { garbage };
  });
  if ('error' in outcome) throw outcome.error;
  ctx.reclaimer.reclaim(outcome.garbage);
}
