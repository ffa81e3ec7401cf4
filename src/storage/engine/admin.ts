// StoreAdmin for the one-drive engine. With one drive there is no redundancy
// to repair from, so heal verifies: every data file an object references is
// read to its end through the drive, which checks every block's hash, and
// must hold the bytes the record says; damaged objects are reported. Files
// written before data files were framed cannot be checked: they are counted.
import { statfs } from 'node:fs/promises';
import { isNotFound, type DriveFile } from '../drive/index.js';
import { isStoreError } from '../StoreError.js';
import { readBuffers, READ_CHUNK_BYTES } from '../../util/bufferPool.js';
import type { DriveStatus, ErasureSetInfo, HealInput, HealProgress, HealResult, StoreInfo } from '../StoreAdmin.js';
import { bucketScope, objectKey, prefixEnd, type DataPart, type IndexCondition, type ObjectRecord } from '../meta/index.js';
import { dataKey, NULL_VERSION, VSK_LENGTH } from './versions.js';
import { throwIfAborted } from './abort.js';
import type { EngineContext } from './context.js';

const PROGRESS_INTERVAL_MS = 250;
const MAX_REPORTED_FAILURES = 100;

export async function storeInfo(
  ctx: EngineContext,
  identity: { deploymentId: string; driveId: string; condition?: () => IndexCondition },
  signal: AbortSignal,
): Promise<StoreInfo> {
  const { deploymentId, driveId } = identity;
  throwIfAborted(signal);
  let totalBytes: number | undefined;
  let freeBytes: number | undefined;
  try {
    const fs = await statfs(ctx.drive.root);
    totalBytes = fs.blocks * fs.bsize;
    freeBytes = fs.bavail * fs.bsize;
  } catch {
    // Usage is informative only; the drive state below says whether it works.
  }
  // The state is what the last index write found (this process's writes): full, read-only or failing until one succeeds again.
  const condition = identity.condition?.() ?? { state: 'ok' as const };
  const drive: DriveStatus = {
    path: ctx.drive.root,
    driveId,
    setIndex: 0,
    slot: 0,
    state: condition.state === 'failed' ? 'offline' : condition.state,
    ...(totalBytes !== undefined ? { totalBytes } : {}),
    ...(freeBytes !== undefined ? { freeBytes } : {}),
  };
  if (condition.reason !== undefined) drive.reason = condition.reason;
  const set: ErasureSetInfo = { index: 0, drives: [drive], standardParity: 0, reducedParity: 0, writeQuorum: 1 };
  return {
    deploymentId,
    mode: 'single-drive',
    sets: [set],
    buckets: ctx.index.countEntries('buckets'),
    objects: ctx.index.countEntries('objects'),
  };
}

/** The data files of a record, in order. */
function filesOf(ctx: EngineContext, bucket: string, key: string, record: ObjectRecord): DataPart[] {
  switch (record.data.kind) {
    case 'inline':
      return [];
    case 'parts':
      return record.data.parts;
    case 'multipart':
      return ctx.index.get('layouts', dataKey(bucket, key, record))?.parts ?? [];
    case 'none':
      return [];
  }
}

type FileCheck = { problem: string } | { unverified: boolean };

/** Reads the whole file through the drive (every block checked) and compares its length with the record's. */
async function verifyFile(ctx: EngineContext, part: DataPart, signal: AbortSignal): Promise<FileCheck> {
  let file: DriveFile;
  try {
    file = await ctx.drive.open(part.fileId);
  } catch (err) {
    if (isNotFound(err)) return { problem: `data file ${part.fileId} is missing` };
    return { problem: describe(err) };
  }
  try {
    const sizeBytes = await file.sizeBytes();
    if (sizeBytes !== part.sizeBytes)
      return { problem: `data file ${part.fileId} holds ${sizeBytes} bytes, not the ${part.sizeBytes} its record says` };
    if (file.unverified === true) return { unverified: true };
    for (let position = 0; position < sizeBytes;) {
      throwIfAborted(signal);
      const chunks = await file.readChunks(position, READ_CHUNK_BYTES);
      if (chunks.length === 0) return { problem: `data file ${part.fileId} ends at byte ${position} of ${sizeBytes}` };
      for (const chunk of chunks) {
        position += chunk.length;
        readBuffers.give(chunk);
      }
    }
    return { unverified: false };
  } catch (err) {
    throwIfAborted(signal);
    return { problem: describe(err) };
  } finally {
    await file.close();
  }
}

function describe(err: unknown): string {
  // DataCorrupted names the file and the block; other failures are I/O errors of the drive.
  if (isStoreError(err)) return err.message.replace(/\.$/, '');
  return `data file unreadable: ${err instanceof Error ? err.message : String(err)}`;
}

export async function heal(ctx: EngineContext, input: HealInput, signal: AbortSignal): Promise<HealResult> {
  const started = Date.now();
  const progress: HealProgress = { scanned: 0, healed: 0, failed: 0, healedBytes: 0, drivesHealing: 0 };
  const failures: HealResult['failures'] = [];
  let unverifiedFiles = 0;
  const buckets: string[] = [];
  if (input.bucket !== undefined) {
    buckets.push(input.bucket);
  } else {
    for (const entry of ctx.index.range('buckets', { start: Buffer.alloc(0), end: Buffer.from([0xff]) })) buckets.push(entry.value.name);
  }
  if (input.bucket === undefined && input.prefix === undefined) progress.total = ctx.index.countEntries('versions');
  let lastReport = 0;
  for (const bucket of buckets) {
    const scope = input.prefix === undefined ? bucketScope(bucket) : objectKey(bucket, input.prefix);
    const end = prefixEnd(scope);
    if (end === undefined) continue;
    let after: Buffer | undefined;
    // Pages of index entries, so that no read transaction stays open across awaits.
    for (;;) {
      const page = [
        ...ctx.index.range(
          'versions',
          after === undefined ? { start: scope, end, limit: 256 } : { start: after, end, exclusiveStart: true, limit: 256 },
        ),
      ];
      if (page.length === 0) break;
      for (const { key, value } of page) {
        throwIfAborted(signal);
        // Every version is checked: a noncurrent one is as much the user's data as the current.
        const objectName = key.subarray(bucketScope(bucket).length, key.length - 1 - VSK_LENGTH).toString('utf8');
        progress.current = { bucket, key: objectName };
        for (const part of filesOf(ctx, bucket, objectName, value)) {
          const check = await verifyFile(ctx, part, signal);
          if ('problem' in check) {
            progress.failed++;
            const version = value.versionId === NULL_VERSION ? '' : ` (version ${value.versionId})`;
            if (failures.length < MAX_REPORTED_FAILURES)
              failures.push({ bucket, key: objectName, reason: `${check.problem}${version}; one drive has no redundancy to repair from` });
            break;
          }
          if (check.unverified) unverifiedFiles++;
        }
        progress.scanned++;
        if (input.onProgress !== undefined && Date.now() - lastReport >= PROGRESS_INTERVAL_MS) {
          lastReport = Date.now();
          input.onProgress({ ...progress });
        }
      }
      after = page[page.length - 1]!.key;
    }
  }
  delete progress.current;
  input.onProgress?.({ ...progress });
  return { ...progress, durationMs: Date.now() - started, failures, ...(unverifiedFiles > 0 ? { unverifiedFiles } : {}) };
}
