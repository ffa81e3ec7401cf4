// Object lock settings for a new version: what the request asked for, or
// the bucket's default retention, refused on buckets without object lock
// (S3 refuses rather than storing an unenforceable lock).
import type { Retention, Tag } from '../ObjectStore.js';
import { StoreError } from '../StoreError.js';
import type { BucketRecord, ObjectRecord } from '../meta/index.js';

const DAY_MS = 86_400_000;

export interface LockRequest {
  retention?: Retention;
  legalHold?: boolean;
  tags?: Tag[];
}

export function missingLockConfiguration(bucket: string, key?: string): StoreError {
  return new StoreError('InvalidRequest', 'Bucket is missing Object Lock Configuration.', key === undefined ? { bucket } : { bucket, key });
}

/** Throws when the request sets object lock on a bucket without it. */
export function checkLockRequest(bucketRecord: BucketRecord, input: LockRequest, bucket: string, key: string): void {
  if (bucketRecord.objectLock !== undefined) return;
  if (input.retention !== undefined || input.legalHold === true) throw missingLockConfiguration(bucket, key);
}

/** The lock and tag fields of a new version's record. */
export function lockFields(
  bucketRecord: BucketRecord,
  input: LockRequest,
  nowMs: number,
): Pick<ObjectRecord, 'retention' | 'legalHold' | 'tags'> {
  const out: Pick<ObjectRecord, 'retention' | 'legalHold' | 'tags'> = {};
  if (input.tags !== undefined && input.tags.length > 0) out.tags = input.tags;
  if (input.legalHold === true) out.legalHold = true;
  if (input.retention !== undefined) {
    out.retention = { mode: input.retention.mode, untilMs: input.retention.retainUntil.getTime() };
  } else {
    const rule = bucketRecord.objectLock?.defaultRetention;
    if (rule !== undefined) {
      const days = rule.days ?? (rule.years ?? 0) * 365;
      out.retention = { mode: rule.mode, untilMs: nowMs + days * DAY_MS };
    }
  }
  return out;
}
