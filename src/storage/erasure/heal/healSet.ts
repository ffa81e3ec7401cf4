// `lode admin heal` for one erasure set. Unscoped, it brings every online
// drive of the set back in line: every record of every table (but the
// drive-local `sys` and `garbage`) voted and copied where it differs, every
// referenced data file verified and rebuilt; then replicas that were behind
// may arbitrate again and replacement drives leave the 'healing' state.
// Scoped to a bucket (and prefix), it repairs those objects only.
//
// Order matters: objects first, so that progress counts objects and a
// person sees the namespace heal; then uploads; then whatever other records
// are left (orphans on a stale replica, removed by the vote).
import { bucketKey, bucketScope, fileKey, objectKey, partScope, prefixEnd, type TableName } from '../../meta/index.js';
import type { HealInput, HealProgress, HealResult } from '../../StoreAdmin.js';
import { StoreError } from '../../StoreError.js';
import type { SetHealth } from '../SetHealth.js';
import {
  healObjectData,
  healObjectMetadata,
  healReferencedFile,
  splitVersionKey,
  voteQuorumProblem,
  type HealTarget,
  type ObjectHealOutcome,
} from './healObject.js';
import { ALL_KEYS, forEachLimited, walkKeys, type KeyRange } from './walkKeys.js';

export interface HealSetTarget extends HealTarget {
  readonly health: SetHealth;
}

export interface HealAccumulator {
  progress: HealProgress;
  failures: HealResult['failures'];
  /** When onProgress was last called (kept here so that consecutive sets share the pace). */
  lastReportMs?: number;
}

const PROGRESS_INTERVAL_MS = 250;
const MAX_REPORTED_FAILURES = 100;
/** Objects whose data is healed at once: overlaps one file's fsyncs with another's reads. */
const DATA_CONCURRENCY = 4;

export async function healSet(set: HealSetTarget, input: HealInput, acc: HealAccumulator, signal: AbortSignal): Promise<void> {
  const scoped = input.bucket !== undefined;
  requireQuorum(set);
  const onlineAtStart = onlineReplicas(set);
  // Every write committed before the walk starts is at or below this generation.
  const generationAtStart = Math.max(0, ...set.index.generations().map((g) => g ?? 0));
  let failed = 0;
  const fail = (bucket: string, key: string, reason: string): void => {
    failed++;
    acc.progress.failed++;
    if (acc.failures.length < MAX_REPORTED_FAILURES) acc.failures.push({ bucket, key, reason });
  };

  let scope: KeyRange = ALL_KEYS;
  if (input.bucket !== undefined) {
    const start = input.prefix === undefined ? bucketScope(input.bucket) : objectKey(input.bucket, input.prefix);
    scope = { start, end: prefixEnd(start) ?? ALL_KEYS.end };
    await set.index.healKey('buckets', bucketKey(input.bucket));
  } else {
    await healTable(set, 'buckets', signal);
  }

  // Walks versions, not objects, so that keys whose newest version is a delete marker heal too.
  let lastName = '';
  await walkKeys(set.index, 'versions', scope, signal, async (keys) => {
    const names: Array<{ bucket: string; key: string }> = [];
    for (const vkey of keys) {
      const name = splitVersionKey(vkey);
      const id = `${name.bucket}\0${name.key}`;
      if (id === lastName) continue; // the versions of one object heal together
      lastName = id;
      names.push(name);
    }
    const metadata = await Promise.all(names.map(({ bucket, key }) => healObjectMetadata(set, bucket, key)));
    await forEachLimited(
      names.map((name, i) => ({ ...name, metadata: metadata[i]! })),
      DATA_CONCURRENCY,
      async ({ bucket, key, metadata: meta }) => {
        acc.progress.current = { bucket, key };
        let outcome: ObjectHealOutcome;
        try {
          outcome = await healObjectData(set, bucket, key, meta, signal);
        } catch (err) {
          if (signal.aborted || isQuorumError(err)) throw err;
          outcome = { ...meta, rebuiltShards: 0, rewrittenBytes: 0, problems: [`heal failed: ${(err as Error).message}`] };
        }
        acc.progress.scanned++;
        acc.progress.healedBytes += outcome.rewrittenBytes;
        if (outcome.problems.length > 0) fail(bucket, key, outcome.problems.join('; '));
        else if (outcome.repairedKeys > 0 || outcome.rebuiltShards > 0) acc.progress.healed++;
        report(input, acc);
      },
    );
  });

  await walkKeys(set.index, 'uploads', scope, signal, async (keys) => {
    for (const key of keys) await healUpload(set, key, acc, fail, signal);
  });

  if (!scoped) {
    for (const table of ['objects', 'versions', 'nulls', 'inline', 'layouts', 'parts', 'completed'] as const)
      await healTable(set, table, signal);
    await healFilesTable(set, signal);
    signal.throwIfAborted();
    await catchUpReplicas(set, onlineAtStart, generationAtStart);
    if (failed === 0) for (let slot = 0; slot < set.health.size; slot++) set.health.markHealed(slot);
  }
  report(input, acc);
}

function requireQuorum(set: HealSetTarget): void {
  const problem = voteQuorumProblem(set);
  if (problem !== undefined) throw new StoreError('InsufficientWriteQuorum', `${problem} Bring the missing drives back first.`);
}

/** Every key of a table voted and repaired; keys are repaired a page at a time, so their writes share commits. */
async function healTable(set: HealSetTarget, table: TableName, signal: AbortSignal): Promise<void> {
  await walkKeys(set.index, table, ALL_KEYS, signal, async (keys) => {
    const left = table === 'inline' || table === 'layouts' ? keys.filter((key) => !healedWithObject(set, key)) : keys;
    await Promise.all(left.map((key) => set.index.healKey(table, key)));
  });
}

/**
 * Whether an `inline` / `layouts` key (bucket \0 key \0 vsk) belongs to a
 * version the versions walk healed already: comparing inline values again
 * would read every object's bytes on every drive a second time.
 */
function healedWithObject(set: HealSetTarget, versionKey: Buffer): boolean {
  // Data keys are the `versions` keys of their version: the version walk healed those.
  return set.index.get('versions', versionKey) !== undefined;
}

/**
 * The `files` table, after the objects and uploads healed their own entries:
 * entries only a stale replica held are removed by the vote, and the shard
 * files they named (left on that drive when the object was deleted while it
 * was away) are removed with them once no replica references them.
 */
async function healFilesTable(set: HealSetTarget, signal: AbortSignal): Promise<void> {
  await walkKeys(set.index, 'files', ALL_KEYS, signal, async (keys) => {
    const changed = await Promise.all(keys.map((key) => set.index.healKey('files', key)));
    for (const [i, key] of keys.entries()) {
      if (changed[i] === 0 || set.index.get('files', key) !== undefined || !set.index.agrees('files', key)) continue;
      await set.drive.remove(key.toString('latin1'));
    }
  });
}

/** One multipart upload in progress: its record, its part records and the parts' data. */
async function healUpload(
  set: HealSetTarget,
  key: Buffer,
  acc: HealAccumulator,
  fail: (bucket: string, key: string, reason: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const { index } = set;
  await index.healKey('uploads', key);
  const upload = index.get('uploads', key);
  if (upload === undefined) return;
  const { bucket, key: objectName } = splitVersionKey(key); // bucket \0 key \0 uploadId splits the same way
  const scope = partScope(upload.uploadId);
  await walkKeys(index, 'parts', { start: scope, end: prefixEnd(scope)! }, signal, async (partKeys) => {
    await Promise.all(partKeys.map((k) => index.healKey('parts', k)));
    for (const partKey of partKeys) {
      const part = index.get('parts', partKey);
      if (part === undefined) continue;
      await index.healKey('files', fileKey(part.fileId));
      const result = await healReferencedFile(set, part.fileId, signal);
      acc.progress.healedBytes += result.rewrittenBytes;
      if (result.missing === true)
        fail(bucket, objectName, `part ${part.partNumber} of multipart upload ${upload.uploadId}: no drive holds any shard of it`);
      else if (result.unrecoverable !== undefined)
        fail(
          bucket,
          objectName,
          `part ${part.partNumber} of multipart upload ${upload.uploadId} cannot be rebuilt: ${result.unrecoverable}`,
        );
    }
  });
}

/**
 * A replica that was online for the whole walk now holds every record
 * committed before it began: it may arbitrate again. (Writes during the walk
 * reached it as they reached the others.)
 */
async function catchUpReplicas(set: HealSetTarget, onlineAtStart: readonly number[], generation: number): Promise<void> {
  const nowOnline = new Set(onlineReplicas(set));
  for (const replica of onlineAtStart) if (nowOnline.has(replica)) await set.index.catchUp(replica, generation);
}

function onlineReplicas(set: HealSetTarget): number[] {
  return set.index.generations().flatMap((g, replica) => (g === undefined ? [] : [replica]));
}

function report(input: HealInput, acc: HealAccumulator): void {
  if (input.onProgress === undefined) return;
  const now = Date.now();
  if (acc.lastReportMs !== undefined && now - acc.lastReportMs < PROGRESS_INTERVAL_MS) return;
  acc.lastReportMs = now;
  const copy: HealProgress = { ...acc.progress };
  if (acc.progress.current !== undefined) copy.current = { ...acc.progress.current };
  input.onProgress(copy);
}

function isQuorumError(err: unknown): boolean {
  return err instanceof StoreError && (err.code === 'InsufficientReadQuorum' || err.code === 'InsufficientWriteQuorum');
}
