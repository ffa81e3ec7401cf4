// Object lock in HTTP headers: what PutObject, CopyObject and
// CreateMultipartUpload may ask for (x-amz-object-lock-*), the governance
// bypass of deletes and retention changes, and what GET/HEAD answer.
import type { ObjectInfo, ObjectLockConfiguration, Retention } from '../../storage/index.js';
import { bucketOf, header, keyOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { isoTime } from '../xml/index.js';
import { isRetentionMode, parseIsoDate } from '../xml/objectLock.js';

export interface LockSettings {
  retention?: Retention;
  legalHold?: boolean;
}

/**
 * x-amz-object-lock-mode with x-amz-object-lock-retain-until-date (both or
 * neither) and x-amz-object-lock-legal-hold. S3 answers every fault in them
 * with InvalidArgument. Whether the bucket has object lock at all is the
 * caller's check (requireObjectLock).
 */
export function lockSettingsFromRequest(ctx: RequestContext, now: Date = new Date()): LockSettings {
  const settings: LockSettings = {};
  const mode = header(ctx, 'x-amz-object-lock-mode');
  const until = header(ctx, 'x-amz-object-lock-retain-until-date');
  if ((mode === undefined) !== (until === undefined)) {
    throw new S3Error('InvalidArgument', 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied');
  }
  if (mode !== undefined && until !== undefined) {
    if (!isRetentionMode(mode)) {
      throw new S3Error(
        'InvalidArgument',
        `Unknown wormMode directive: x-amz-object-lock-mode must be GOVERNANCE or COMPLIANCE, not ${mode}.`,
        { ArgumentName: 'x-amz-object-lock-mode', ArgumentValue: mode },
      );
    }
    const retainUntil = parseIsoDate(until);
    if (retainUntil === undefined) {
      throw new S3Error('InvalidArgument', 'The retain until date must be provided in ISO 8601 format, such as 2030-01-01T00:00:00Z.', {
        ArgumentName: 'x-amz-object-lock-retain-until-date',
        ArgumentValue: until,
      });
    }
    if (retainUntil.getTime() <= now.getTime()) {
      throw new S3Error('InvalidArgument', 'The retain until date must be in the future!', {
        ArgumentName: 'x-amz-object-lock-retain-until-date',
        ArgumentValue: until,
      });
    }
    settings.retention = { mode, retainUntil };
  }
  const hold = header(ctx, 'x-amz-object-lock-legal-hold');
  if (hold !== undefined) {
    if (hold !== 'ON' && hold !== 'OFF') {
      throw new S3Error('InvalidArgument', "Legal Hold must be either of 'ON' or 'OFF'.", {
        ArgumentName: 'x-amz-object-lock-legal-hold',
        ArgumentValue: hold,
      });
    }
    settings.legalHold = hold === 'ON';
  }
  return settings;
}

/** x-amz-bypass-governance-retention: true (any case). */
export function bypassGovernance(ctx: RequestContext): boolean {
  return header(ctx, 'x-amz-bypass-governance-retention')?.trim().toLowerCase() === 'true';
}

/** GET/HEAD answer headers for a version's lock state; the legal hold only once one was ever set (ON or OFF). */
export function lockHeaders(info: ObjectInfo): Record<string, string> {
  const h: Record<string, string> = {};
  if (info.retention !== undefined) {
    h['x-amz-object-lock-mode'] = info.retention.mode;
    h['x-amz-object-lock-retain-until-date'] = isoTime(info.retention.retainUntil);
  }
  if (info.legalHold !== undefined) h['x-amz-object-lock-legal-hold'] = info.legalHold ? 'ON' : 'OFF';
  return h;
}

/**
 * The bucket's object lock configuration, or InvalidRequest as S3 answers the
 * version-level lock operations (and lock headers on writes) in a bucket
 * without object lock.
 */
export async function requireObjectLock(ctx: RequestContext, bucket: string): Promise<ObjectLockConfiguration> {
  const config = await ctx.store.getBucketConfig(bucket, ctx.signal);
  if (config.objectLock === undefined) throw new S3Error('InvalidRequest', 'Bucket is missing Object Lock Configuration');
  return config.objectLock;
}

/** The version a GetObjectRetention / GetObjectLegalHold asks about (?versionId=), in a bucket that must have object lock. */
export async function lockedVersionInfo(ctx: RequestContext): Promise<ObjectInfo> {
  const bucket = bucketOf(ctx);
  const versionId = ctx.endpoint.query.get('versionId');
  await requireObjectLock(ctx, bucket);
  return ctx.store.headObject({ bucket, key: keyOf(ctx), ...(versionId !== null ? { versionId } : {}) }, ctx.signal);
}
