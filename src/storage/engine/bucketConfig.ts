// Bucket configuration (versioning, object lock, tags, lifecycle), kept in
// the bucket's own record: every write already reads that record inside its
// transaction, so the versioning state it acts on is the committed one.
import type { BucketConfig, BucketConfigUpdate, LifecycleConfiguration } from '../ObjectStore.js';
import { StoreError } from '../StoreError.js';
import { bucketKey, type BucketRecord, type StoredLifecycle } from '../meta/index.js';
import { throwIfAborted } from './abort.js';
import { requireBucket } from './buckets.js';
import type { EngineContext } from './context.js';
import { noSuchBucket } from './errors.js';

function toBucketConfig(record: BucketRecord): BucketConfig {
  const config: BucketConfig = {};
  if (record.versioning !== undefined) config.versioning = record.versioning;
  if (record.objectLock !== undefined) config.objectLock = record.objectLock;
  if (record.tags !== undefined) config.tags = record.tags;
  if (record.lifecycle !== undefined) config.lifecycle = fromStoredLifecycle(record.lifecycle);
  return config;
}

export async function getBucketConfig(ctx: EngineContext, bucket: string, signal: AbortSignal): Promise<BucketConfig> {
  throwIfAborted(signal);
  return toBucketConfig(requireBucket(ctx.index, bucket));
}

export async function updateBucketConfig(
  ctx: EngineContext,
  bucket: string,
  update: BucketConfigUpdate,
  signal: AbortSignal,
): Promise<BucketConfig> {
  throwIfAborted(signal);
  const key = bucketKey(bucket);
  const outcome = await ctx.index.transact((txn) => {
    const current = txn.get('buckets', key);
    if (current === undefined) return { error: noSuchBucket(bucket) };
    const next: BucketRecord = { ...current };
    if (update.versioning !== undefined) {
      if (current.objectLock !== undefined && update.versioning !== 'Enabled') {
        return {
          error: new StoreError(
            'InvalidBucketState',
            'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.',
            { bucket },
          ),
        };
      }
      next.versioning = update.versioning;
    }
    if (update.objectLock !== undefined) {
      if (next.versioning !== 'Enabled') {
        return {
          error: new StoreError('InvalidBucketState', 'Versioning must be Enabled on the bucket to apply an Object Lock configuration.', {
            bucket,
          }),
        };
      }
      next.objectLock = update.objectLock;
    }
    if (update.tags === null) delete next.tags;
    else if (update.tags !== undefined) next.tags = update.tags;
    if (update.lifecycle === null) delete next.lifecycle;
    else if (update.lifecycle !== undefined) next.lifecycle = toStoredLifecycle(update.lifecycle);
    txn.put('buckets', key, next);
    return { record: next };
  });
  if ('error' in outcome) throw outcome.error;
  return toBucketConfig(outcome.record);
}

function toStoredLifecycle(config: LifecycleConfiguration): StoredLifecycle {
  return {
    rules: config.rules.map(({ expiration, ...rule }) => {
      if (expiration === undefined) return rule;
      const { date, ...rest } = expiration;
      return { ...rule, expiration: date === undefined ? rest : { ...rest, dateMs: date.getTime() } };
    }),
  };
}

function fromStoredLifecycle(stored: StoredLifecycle): LifecycleConfiguration {
  return {
    rules: stored.rules.map(({ expiration, ...rule }) => {
      if (expiration === undefined) return rule;
      const { dateMs, ...rest } = expiration;
      return { ...rule, expiration: dateMs === undefined ? rest : { ...rest, date: new Date(dateMs) } };
    }),
  };
}
