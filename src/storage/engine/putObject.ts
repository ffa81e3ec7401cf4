// PutObject: body → inline bytes or a durable data file (ingest.ts), then one
// index transaction that re-checks the bucket and the preconditions against
// the current record and swaps in the new record. The old version's files
// are unlinked only after that commit is durable.
import type { PutObjectInput, PutObjectResult } from '../ObjectStore.js';
import { bucketKey, fileKey, objectKey, type DataRef, type ObjectRecord } from '../meta/index.js';
import { abortReason, throwIfAborted } from './abort.js';
import { requireBucket } from './buckets.js';
import { checkWriteConditions } from './conditions.js';
import type { EngineContext } from './context.js';
import { checkKey, noSuchBucket } from './errors.js';
import { ingestBody } from './ingest.js';
import { checkLockRequest, lockFields } from './lockSettings.js';
import { addVersion, type NewVersion } from './versionWrites.js';
import { dataKey } from './versions.js';

export async function putObject(ctx: EngineContext, input: PutObjectInput, signal: AbortSignal): Promise<PutObjectResult> {
  throwIfAborted(signal);
  const { bucket, key } = input;
  checkKey(bucket, key);
  checkLockRequest(requireBucket(ctx.index, bucket), input, bucket, key);
  // Fail fast before reading a body that could not be stored anyway; the
  // authoritative check is repeated inside the transaction.
  if (input.conditions !== undefined) {
    const early = checkWriteConditions(ctx.index.get('objects', objectKey(bucket, key)), input.conditions, bucket, key);
    if (early !== undefined) throw early;
  }

  const ingested = await ingestBody(
    ctx.drive,
    {
      body: input.body,
      digests: input.digests,
      inlineLimitBytes: ctx.inlineThresholdBytes,
      ...(input.sizeBytes !== undefined ? { sizeBytes: input.sizeBytes } : {}),
      ...(input.storageClass !== undefined ? { storageClass: input.storageClass } : {}),
    },
    signal,
  );
  const { digests } = ingested;
  const nowMs = Date.now();
  const data: DataRef = ingested.kind === 'inline' ? { kind: 'inline' } : { kind: 'parts', parts: [ingested.part] };
  const version: NewVersion = {
    v: 1,
    sizeBytes: digests.sizeBytes,
    etag: hexMd5(digests.md5),
    lastModifiedMs: nowMs,
    metadata: input.metadata,
    storageClass: input.storageClass ?? 'STANDARD',
    data,
  };
  if (digests.checksum !== undefined) version.checksum = digests.checksum;

  const okey = objectKey(bucket, key);
  let outcome;
  try {
    outcome = await ctx.index.transact((txn) => {
      // The last moment a caller's abort can still prevent the commit.
      if (signal.aborted) return { error: abortReason(signal) };
      const bucketRecord = txn.get('buckets', bucketKey(bucket));
      if (bucketRecord === undefined) return { error: noSuchBucket(bucket) };
      const failed = checkWriteConditions(txn.get('objects', okey), input.conditions, bucket, key);
      if (failed !== undefined) return { error: failed };
      const { record, garbage } = addVersion(
        txn,
        bucketRecord,
        bucket,
        key,
        { ...version, ...lockFields(bucketRecord, input, nowMs) },
        nowMs,
      );
      if (ingested.kind === 'inline') {
        if (ingested.bytes.length > 0) txn.put('inline', dataKey(bucket, key, record), ingested.bytes);
      } else {
        txn.put('files', fileKey(ingested.part.fileId), { owner: 'object', bucket, key, versionId: record.vsk });
      }
      return { garbage, record, versioned: bucketRecord.versioning !== undefined };
    });
  } catch (err) {
    if (ingested.kind === 'file') await ctx.drive.remove(ingested.part.fileId).catch(() => undefined);
    throw err;
  }
  if ('error' in outcome) {
    if (ingested.kind === 'file') await ctx.drive.remove(ingested.part.fileId);
    throw outcome.error;
  }
  ctx.reclaimer.reclaim(outcome.garbage);
  return putResult(outcome.record, outcome.versioned);
}

/** What S3 answers a write with; the version id only once the bucket's versioning is configured. */
export function putResult(record: ObjectRecord, versioned: boolean): PutObjectResult {
  const result: PutObjectResult = { etag: record.etag, lastModified: new Date(record.lastModifiedMs) };
  if (versioned) result.versionId = record.versionId;
  if (record.checksum !== undefined) result.checksum = record.checksum;
  return result;
}

function hexMd5(md5: Buffer): string {
  return md5.toString('hex');
}
