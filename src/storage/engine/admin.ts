// StoreAdmin for the one-drive engine. With one drive there is no redundancy
// to repair from, so heal verifies: every data file an object references
// must exist and hold the bytes the record says; damaged objects are reported.
import { statfs } from 'node:fs/promises';
import type { DriveStatus, ErasureSetInfo, HealInput, HealProgress, HealResult, StoreInfo } from '../StoreAdmin.js';
import { bucketScope, objectKey, prefixEnd, type DataPart, type IndexCondition, type ObjectRecord } from '../meta/index.js';
import { dataKey, VSK_LENGTH } from './versions.js';
import { throwIfAborted } from './abort.js';
import type { EngineContext } from './context.js';

const PROGRESS_INTERVAL_MS = 250;
const MAX_REPORTED_FAILURES = 100;

export async function storeInfo(ctx: EngineContext, identity: { deploymentId: string; driveId: string; condition?: () => IndexCondition }, signal: AbortSignal): Promise<StoreInfo> {
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
  const drive: DriveStatus = { path: ctx.drive.root, driveId, setIndex: 0, slot: 0, state: condition.state === 'failed' ? 'offline' : condition.state, ...(totalBytes !== undefined ? { totalBytes } : {}), ...(freeBytes !== undefined ? { freeBytes } : {}) };
  if (condition.reason !== undefined) drive.reason = condition.reason;
  const set: ErasureSetInfo = { index: 0, drives: [drive], standardParity: 0, reducedParity: 0, writeQuorum: 1 };
  return { deploymentId, mode: 'single-drive', sets: [set], buckets: ctx.index.countEntries('buckets'), objects: ctx.index.countEntries('objects') };
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

/** Whether the file exists and is exactly `sizeBytes` long: one byte at its end, none past it. */
async function fileIntact(ctx: EngineContext, part: DataPart): Promise<string | undefined> {
  let file;
  try {
    file = await ctx.drive.open(part.fileId);
  } catch {
    return `data file ${part.fileId} is missing`;
  }
  try {
    const probe = Buffer.alloc(1);
    if (part.sizeBytes > 0 && (await file.read(probe, 0, 1, part.sizeBytes - 1)) !== 1) return `data file ${part.fileId} is shorter than ${part.sizeBytes} bytes`;
    if ((await file.read(probe, 0, 1, part.sizeBytes)) !== 0) return `data file ${part.fileId} is longer than ${part.sizeBytes} bytes`;
    return undefined;
  } finally {
    await file.close();
  }
}

export async function heal(ctx: EngineContext, input: HealInput, signal: AbortSignal): Promise<HealResult> {
  const started = Date.now();
  const progress: HealProgress = { scanned: 0, healed: 0, failed: 0, healedBytes: 0, drivesHealing: 0 };
  const failures: HealResult['failures'] = [];
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
      const page = [...ctx.index.range('versions', after === undefined ? { start: scope, end, limit: 256 } : { start: after, end, exclusiveStart: true, limit: 256 })];
      if (page.length === 0) break;
      for (const { key, value } of page) {
        throwIfAborted(signal);
        // Every version is checked: a noncurrent one is as much the user's data as the current.
        const objectName = key.subarray(bucketScope(bucket).length, key.length - 1 - VSK_LENGTH).toString('utf8');
        progress.current = { bucket, key: objectName };
        for (const part of filesOf(ctx, bucket, objectName, value)) {
          const problem = await fileIntact(ctx, part);
          if (problem !== undefined) {
            progress.failed++;
            if (failures.length < MAX_REPORTED_FAILURES) failures.push({ bucket, key: objectName, reason: `${problem}; one drive has no redundancy to repair from` });
            break;
          }
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
  return { ...progress, durationMs: Date.now() - started, failures };
}
