// UploadPart: parts always go to files (they become the object's files at
// Complete, without copying). Re-uploading a part number replaces the part;
// concurrent uploads of one number are serialised by the index transaction
// and the last commit wins, the other file becomes garbage.
import type { PartInfo, UploadPartInput } from '../../ObjectStore.js';
import { StoreError } from '../../StoreError.js';
import { partKey, type PartRecord } from '../../meta/index.js';
import { abortReason, throwIfAborted } from '../abort.js';
import { requireBucket } from '../buckets.js';
import type { EngineContext } from '../context.js';
import { noSuchUpload } from '../errors.js';
import { ingestBody } from '../ingest.js';
import { discardFile } from '../versionWrites.js';
import { claimPartFile, findUpload, requireUpload } from './uploads.js';

const MAX_PART_NUMBER = 10_000;

export async function uploadPart(ctx: EngineContext, input: UploadPartInput, signal: AbortSignal): Promise<PartInfo> {
  throwIfAborted(signal);
  const { bucket, key, uploadId, partNumber } = input;
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new StoreError('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive.`, {
      bucket,
      key,
      uploadId,
    });
  }
  requireBucket(ctx.index, bucket);
  const upload = requireUpload(ctx.index, bucket, key, uploadId);
  const ingested = await ingestBody(
    ctx.drive,
    {
      body: input.body,
      digests: input.digests,
      inlineLimitBytes: -1,
      storageClass: upload.storageClass,
      ...(input.sizeBytes !== undefined ? { sizeBytes: input.sizeBytes } : {}),
    },
    signal,
  );
  if (ingested.kind !== 'file') throw new Error('unreachable: parts are always files');
  const { part, digests } = ingested;
  const nowMs = Date.now();
  const record: PartRecord = {
    v: 1,
    partNumber,
    sizeBytes: part.sizeBytes,
    etag: digests.md5.toString('hex'),
    lastModifiedMs: nowMs,
    fileId: part.fileId,
  };
  if (digests.checksum !== undefined) record.checksum = digests.checksum;
  const wanted = upload.checksumAlgorithm;
  let outcome;
  try {
    if (wanted !== undefined && digests.checksum?.algorithm !== wanted) {
      throw new StoreError(
        'InvalidArgument',
        `This upload was created with the ${wanted} checksum algorithm: every part must carry an x-amz-checksum-${wanted.toLowerCase()}.`,
        { bucket, key, uploadId },
      );
    }
    const pkey = partKey(uploadId, partNumber);
    outcome = await ctx.index.transact((txn) => {
      // The last moment a caller's abort can still prevent the commit.
      if (signal.aborted) return { error: abortReason(signal) };
      // The upload may have been completed or aborted while the body arrived.
      if (findUpload(txn, bucket, key, uploadId) === undefined) return { error: noSuchUpload(bucket, key, uploadId) };
      const replaced = txn.get('parts', pkey);
      if (replaced !== undefined) discardFile(txn, replaced.fileId, nowMs);
      txn.put('parts', pkey, record);
      claimPartFile(txn, part.fileId, bucket, key, uploadId, partNumber);
      return { garbage: replaced === undefined ? [] : [replaced.fileId] };
    });
  } catch (err) {
    await ctx.drive.remove(part.fileId).catch(() => undefined);
    throw err;
  }
  if ('error' in outcome) {
    await ctx.drive.remove(part.fileId);
    throw outcome.error;
  }
  ctx.reclaimer.reclaim(outcome.garbage);
  const info: PartInfo = { partNumber, etag: record.etag, sizeBytes: record.sizeBytes, lastModified: new Date(nowMs) };
  if (record.checksum !== undefined) info.checksum = record.checksum;
  return info;
}
