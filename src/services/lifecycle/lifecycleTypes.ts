// The scanner's options, the store calls it makes and the report of a pass:
// shared by LifecycleScanner (which checks the options) and LifecyclePass
// (which uses them).
import type { ObjectStore } from '../../storage/index.js';
import type { Logger } from '../../util/logger.js';

/** The part of the ObjectStore the scanner uses. */
export type LifecycleStore = Pick<
  ObjectStore,
  'listBuckets' | 'getBucketConfig' | 'listObjectVersions' | 'deleteObject' | 'listMultipartUploads' | 'abortMultipartUpload'
>;

export interface LifecycleScannerOptions {
  store: LifecycleStore;
  /** The length of a lifecycle day: 86_400_000, or less for compressed time. */
  dayMs: number;
  /** Rest between two passes. */
  intervalMs: number;
  /** Store calls per second at most; Infinity for no pacing (tests). */
  maxOpsPerSecond: number;
  log: Logger;
  /** Versions or uploads per listing page, 1..1000 (default 1000). */
  pageSize?: number;
  /** The clock lifecycle ages are measured against (tests); default Date.now. */
  now?: () => number;
}

export interface LifecycleReport {
  /** Buckets with at least one enabled rule. */
  buckets: number;
  versionsExamined: number;
  /** Current versions expired: removed, or hidden behind a new delete marker on versioned buckets. */
  currentExpired: number;
  noncurrentExpired: number;
  deleteMarkersRemoved: number;
  uploadsAborted: number;
  /** Due, but under retention or legal hold: left alone. */
  locked: number;
  /** Due, but changed or gone by the time of the delete: left for the next pass. */
  raced: number;
  errors: number;
  /** Store calls made (the paced quantity). */
  operations: number;
}

/** The most versions or uploads S3 lists in one page. */
export const MAX_PAGE = 1000;
