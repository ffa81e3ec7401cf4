// The types of ObjectStore's bucket operations and bucket configuration
// (versioning, object lock, tags, lifecycle). Re-exported by ObjectStore.ts.

export interface BucketInfo {
  name: string;
  createdAt: Date;
  region: string;
}

/** A bucket's versioning once it has been configured; a bucket never configured has none (S3 shows an empty configuration). */
export type VersioningState = 'Enabled' | 'Suspended';

export type RetentionMode = 'GOVERNANCE' | 'COMPLIANCE';

/** An object version's retention (object lock): it cannot be deleted or overwritten before `retainUntil`. */
export interface Retention {
  mode: RetentionMode;
  retainUntil: Date;
}

/** A bucket's default retention, applied to new versions that name none. Exactly one of days and years. */
export interface DefaultRetention {
  mode: RetentionMode;
  days?: number;
  years?: number;
}

export interface ObjectLockConfiguration {
  /** Object lock is on for the bucket (versioning is then Enabled and cannot be suspended). */
  enabled: true;
  defaultRetention?: DefaultRetention;
}

/** One tag; tag sets keep their order. */
export interface Tag {
  key: string;
  value: string;
}

/** What a lifecycle rule applies to: every condition given must hold (S3's Filter with And). */
export interface LifecycleFilter {
  prefix?: string;
  tags?: Tag[];
  /** Objects strictly larger than this. */
  objectSizeGreaterThan?: number;
  /** Objects strictly smaller than this. */
  objectSizeLessThan?: number;
}

export interface LifecycleRule {
  id: string;
  enabled: boolean;
  filter: LifecycleFilter;
  /** Written with S3's legacy rule-level <Prefix> instead of a <Filter>: read back in that form (clients compare what they wrote). */
  ruleLevelPrefix?: true;
  /** Current versions expire this many days after creation, or at this date (midnight UTC); expired delete markers are removed. */
  expiration?: { days?: number; date?: Date; expiredObjectDeleteMarker?: boolean };
  /** Noncurrent versions expire this many days after becoming noncurrent, keeping the newest `newerNoncurrentVersions`. */
  noncurrentVersionExpiration?: { noncurrentDays: number; newerNoncurrentVersions?: number };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

export interface LifecycleConfiguration {
  rules: LifecycleRule[];
}

/** Everything configured on a bucket beyond its name. */
export interface BucketConfig {
  versioning?: VersioningState;
  objectLock?: ObjectLockConfiguration;
  tags?: Tag[];
  lifecycle?: LifecycleConfiguration;
}

/** Changes to a bucket's configuration: a field left out is kept, null removes it. */
export interface BucketConfigUpdate {
  versioning?: VersioningState;
  objectLock?: ObjectLockConfiguration;
  tags?: Tag[] | null;
  lifecycle?: LifecycleConfiguration | null;
}

export interface CreateBucketInput {
  bucket: string;
  region: string;
  /** x-amz-bucket-object-lock-enabled: object lock on, versioning Enabled for good. */
  objectLockEnabled?: boolean;
}
