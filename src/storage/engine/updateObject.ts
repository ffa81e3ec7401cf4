// PutObjectRetention / PutObjectLegalHold / Put|DeleteObjectTagging: the
// attributes of one version change, its bytes never do. Retention follows
// S3's object lock rules: COMPLIANCE can only be extended (not shortened,
// removed or weakened, by anyone); GOVERNANCE can be shortened, removed or
// given another mode only with bypassGovernance; extending is always allowed.
import type { ObjectInfo, Retention, UpdateObjectInput } from '../ObjectStore.js';
import { StoreError } from '../StoreError.js';
import { bucketKey, versionKey, type ObjectRecord } from '../meta/index.js';
import { throwIfAborted } from './abort.js';
import { requireBucket } from './buckets.js';
import type { EngineContext } from './context.js';
import { noSuchBucket } from './errors.js';
import { readVersion } from './getObject.js';
import { missingLockConfiguration } from './lockSettings.js';
import { rewriteVersion } from './versionWrites.js';
import { layoutOf, toObjectInfo } from './versions.js';

export async function updateObject(ctx: EngineContext, input: UpdateObjectInput, signal: AbortSignal): Promise<ObjectInfo> {
  throwIfAborted(signal);
  const { bucket, key } = input;
  const bucketRecord = requireBucket(ctx.index, bucket);
  const changesLock = input.retention !== undefined || input.legalHold !== undefined;
  if (changesLock && bucketRecord.objectLock === undefined) throw missingLockConfiguration(bucket, key);
  // Resolves the version (and answers NoSuchKey / NoSuchVersion / delete marker as GET does).
  const vsk = readVersion(ctx.index, bucket, key, input.versionId).record.vsk;
  const nowMs = Date.now();
  const outcome = await ctx.index.transact((txn) => {
    if (txn.get('buckets', bucketKey(bucket)) === undefined) return { error: noSuchBucket(bucket) };
    const record = txn.get('versions', versionKey(bucket, key, vsk));
    if (record === undefined)
      return { error: new StoreError('NoSuchVersion', 'The version was deleted while it was being updated.', { bucket, key }) };
    const next: ObjectRecord = { ...record };
    if (input.retention !== undefined) {
      const refused = retentionRefusal(record, input.retention, nowMs, input.bypassGovernance === true, bucket, key);
      if (refused !== undefined) return { error: refused };
      if (input.retention === null) delete next.retention;
      else next.retention = { mode: input.retention.mode, untilMs: input.retention.retainUntil.getTime() };
    }
    if (input.legalHold !== undefined) next.legalHold = input.legalHold;
    if (input.tags === null || (input.tags !== undefined && input.tags.length === 0)) delete next.tags;
    else if (input.tags !== undefined) next.tags = input.tags;
    rewriteVersion(txn, bucket, key, next);
    return { record: next };
  });
  if ('error' in outcome) throw outcome.error;
  return toObjectInfo(bucket, key, outcome.record, layoutOf(ctx.index, bucket, key, outcome.record));
}

function retentionRefusal(
  record: ObjectRecord,
  wanted: Retention | null,
  nowMs: number,
  bypass: boolean,
  bucket: string,
  key: string,
): StoreError | undefined {
  const current = record.retention;
  if (current === undefined || current.untilMs <= nowMs) return undefined;
  const shortens = wanted === null || wanted.retainUntil.getTime() < current.untilMs;
  const where = { bucket, key, versionId: record.versionId };
  if (current.mode === 'COMPLIANCE') {
    if (shortens || wanted?.mode !== 'COMPLIANCE') {
      return new StoreError(
        'ObjectLocked',
        `Access Denied: the version is under COMPLIANCE retention until ${new Date(current.untilMs).toISOString()}, which can only be extended.`,
        where,
      );
    }
    return undefined;
  }
  // Extending GOVERNANCE is allowed to anyone; changing its mode (even to COMPLIANCE) needs the bypass, as S3 answers.
  if (!shortens && wanted !== null && wanted.mode === current.mode) return undefined;
  if (bypass) return undefined;
  return new StoreError(
    'ObjectLocked',
    `Access Denied: the version is under GOVERNANCE retention until ${new Date(current.untilMs).toISOString()}; shortening, removing or changing its mode needs x-amz-bypass-governance-retention.`,
    where,
  );
}
