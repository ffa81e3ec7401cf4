// CompleteMultipartUpload. Validation, ETag and checksums are computed from
// a snapshot outside the write lock (combining 10,000 CRCs takes a while);
// the transaction then re-checks that the listed parts are still the ones
// planned (else it plans again), checks the preconditions, and swaps the
// object in. The object references the part files themselves: no byte is
// copied. Parts not listed become garbage. A retry of a completion that
// already committed is answered as the first request was (completions.ts).
import type { CompleteMultipartUploadInput, PutObjectResult } from '../../ObjectStore.js';
import { StoreError } from '../../StoreError.js';
import {
  bucketKey,
  fileKey,
  objectKey,
  partKey,
  uploadKey,
  type LayoutPart,
  type MetaReader,
  type PartRecord,
  type UploadRecord,
} from '../../meta/index.js';
import { abortReason, throwIfAborted } from '../abort.js';
import { requireBucket } from '../buckets.js';
import { checkWriteConditions } from '../conditions.js';
import { MIN_PART_SIZE_BYTES, type EngineContext } from '../context.js';
import { noSuchBucket, noSuchUpload, unquoteETag } from '../errors.js';
import { lockFields } from '../lockSettings.js';
import { putResult } from '../putObject.js';
import { addVersion, type NewVersion } from '../versionWrites.js';
import { dataKey } from '../versions.js';
import { checksumMatches, multipartChecksum, multipartETag } from './checksums.js';
import { recordCompletion, replayedCompletion, sweepCompletions } from './completions.js';
import { deleteUploadParts, findUpload } from './uploads.js';

const MAX_PLANS = 5;

export async function completeMultipartUpload(
  ctx: EngineContext,
  input: CompleteMultipartUploadInput,
  signal: AbortSignal,
): Promise<PutObjectResult> {
  const { bucket, key, uploadId } = input;
  const okey = objectKey(bucket, key);
  for (let plan = 1; plan <= MAX_PLANS; plan++) {
    throwIfAborted(signal);
    const knownBucket = requireBucket(ctx.index, bucket);
    const upload = findUpload(ctx.index, bucket, key, uploadId);
    if (upload === undefined) {
      // Gone: perhaps completed by this very request, sent before.
      const replayed = replayedCompletion(ctx.index, input, Date.now());
      if (replayed !== undefined) return putResult(replayed, knownBucket.versioning !== undefined);
      throw noSuchUpload(bucket, key, uploadId);
    }
    const planned = planObject(ctx.index, input, upload);
    const early =
      input.conditions === undefined ? undefined : checkWriteConditions(ctx.index.get('objects', okey), input.conditions, bucket, key);
    if (early !== undefined) throw early;
    const layout = planned.layout;
    const nowMs = planned.object.lastModifiedMs;
    const outcome = await ctx.index.transact((txn) => {
      // The last moment a caller's abort can still prevent the commit.
      if (signal.aborted) return { error: abortReason(signal) };
      const bucketRecord = txn.get('buckets', bucketKey(bucket));
      if (bucketRecord === undefined) return { error: noSuchBucket(bucket) };
      if (findUpload(txn, bucket, key, uploadId) === undefined) {
        // A concurrent copy of this request (a retry sent while the first was still working) completed it first.
        const replayed = replayedCompletion(txn, input, nowMs);
        if (replayed === undefined) return { error: noSuchUpload(bucket, key, uploadId) };
        return { garbage: [], record: replayed, versioned: bucketRecord.versioning !== undefined };
      }
      for (const part of layout) {
        if (txn.get('parts', partKey(uploadId, part.partNumber))?.fileId !== part.fileId) return { replan: true };
      }
      const failed = checkWriteConditions(txn.get('objects', okey), input.conditions, bucket, key);
      if (failed !== undefined) return { error: failed };
      const lock = {
        tags: upload.tags ?? [],
        legalHold: upload.legalHold === true,
        ...(upload.retention !== undefined
          ? { retention: { mode: upload.retention.mode, retainUntil: new Date(upload.retention.untilMs) } }
          : {}),
      };
      const { record, garbage } = addVersion(
        txn,
        bucketRecord,
        bucket,
        key,
        { ...planned.object, ...lockFields(bucketRecord, lock, nowMs) },
        nowMs,
      );
      const listed = new Set(layout.map((part) => part.fileId));
      garbage.push(...deleteUploadParts(txn, uploadId, nowMs, listed));
      txn.remove('uploads', uploadKey(bucket, key, uploadId));
      for (const part of layout) txn.put('files', fileKey(part.fileId), { owner: 'object', bucket, key, versionId: record.vsk });
      txn.put('layouts', dataKey(bucket, key, record), { v: 1, parts: layout });
      recordCompletion(txn, uploadId, { v: 1, bucket, key, completedMs: nowMs, vsk: record.vsk, firstFileId: layout[0]?.fileId ?? '' });
      sweepCompletions(txn, nowMs);
      return { garbage, record, versioned: bucketRecord.versioning !== undefined };
    });
    if ('replan' in outcome) continue; // a listed part was re-uploaded meanwhile
    if ('error' in outcome) throw outcome.error;
    ctx.reclaimer.reclaim(outcome.garbage);
    return putResult(outcome.record, outcome.versioned);
  }
  throw new StoreError('InvalidPart', 'The listed parts kept being replaced while completing the upload; retry.', {
    bucket,
    key,
    uploadId,
  });
}

interface PlannedObject {
  object: NewVersion;
  layout: LayoutPart[];
}

/** Validates the part list against the stored parts and builds the object record (S3's checks, in S3's order). */
function planObject(reader: MetaReader, input: CompleteMultipartUploadInput, upload: UploadRecord): PlannedObject {
  const { bucket, key, uploadId } = input;
  const where = { bucket, key, uploadId };
  if (input.parts.length === 0) throw new StoreError('InvalidArgument', 'You must specify at least one part.', where);
  const parts: PartRecord[] = [];
  let previous = 0;
  for (const listed of input.parts) {
    if (listed.partNumber <= previous) {
      throw new StoreError(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
        where,
      );
    }
    previous = listed.partNumber;
    const stored =
      Number.isInteger(listed.partNumber) && listed.partNumber >= 1 ? reader.get('parts', partKey(uploadId, listed.partNumber)) : undefined;
    if (stored === undefined || unquoteETag(listed.etag).toLowerCase() !== stored.etag) {
      throw new StoreError(
        'InvalidPart',
        `Part ${listed.partNumber} was not uploaded, or its ETag does not match the uploaded part's.`,
        where,
      );
    }
    if (listed.checksumValue !== undefined && listed.checksumValue !== stored.checksum?.value) {
      throw new StoreError('InvalidPart', `The checksum of part ${listed.partNumber} does not match the uploaded part's.`, where);
    }
    parts.push(stored);
  }
  parts.forEach((part, i) => {
    if (i < parts.length - 1 && part.sizeBytes < MIN_PART_SIZE_BYTES) {
      throw new StoreError(
        'EntityTooSmall',
        `Part ${part.partNumber} is ${part.sizeBytes} bytes; every part but the last must be at least ${MIN_PART_SIZE_BYTES} bytes.`,
        where,
      );
    }
  });
  const checksum = multipartChecksum(upload, parts, { bucket, key });
  if (input.expectedChecksum !== undefined) {
    if (checksum === undefined) {
      throw new StoreError(
        'InvalidArgument',
        'A whole-object checksum was given but the upload was created without a checksum algorithm.',
        where,
      );
    }
    if (!checksumMatches(input.expectedChecksum, checksum)) {
      throw new StoreError(
        'BadDigest',
        `The ${checksum.algorithm} you specified for the object did not match the one computed from its parts.`,
        where,
      );
    }
  }
  const layout: LayoutPart[] = parts.map((part) => {
    const out: LayoutPart = { fileId: part.fileId, sizeBytes: part.sizeBytes, partNumber: part.partNumber, etag: part.etag };
    if (part.checksum !== undefined) out.checksum = part.checksum;
    return out;
  });
  const object: NewVersion = {
    v: 1,
    sizeBytes: parts.reduce((sum, part) => sum + part.sizeBytes, 0),
    etag: multipartETag(parts),
    lastModifiedMs: Date.now(),
    metadata: upload.metadata,
    storageClass: upload.storageClass,
    data: { kind: 'multipart', partsCount: parts.length },
  };
  if (checksum !== undefined) object.checksum = checksum;
  return { object, layout };
}
