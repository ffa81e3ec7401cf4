// THE seam between the S3 surface and storage. Types only.
//
// Every S3 feature above is written against ObjectStore; every engine below
// implements it, and test/conformance runs against each engine. Inputs are
// typed (never HTTP headers), bodies are Node Readables, every call takes an
// AbortSignal. Errors are StoreError with a domain code (see StoreError.ts).
import type { Readable } from 'node:stream';

/** The checksum algorithms S3 clients may ask for (x-amz-checksum-*). */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

/** COMPOSITE: checksum of the parts' checksums, suffixed "-N". FULL_OBJECT: checksum of all bytes. */
export type ChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

export interface Checksum {
  algorithm: ChecksumAlgorithm;
  /** Base64 of the big-endian digest, as S3 shows it; composite values carry a "-N" suffix. */
  value: string;
  type: ChecksumType;
}

/**
 * What the body's single hashing pass produced. The S3 layer feeds the body
 * through a digesting Transform (util/digestStream) and hands that stream to
 * the store; once the store has read the body to its end it calls
 * `digests()` to learn what to record. Mismatches against what the client
 * declared (Content-MD5, x-amz-checksum-*, trailers) make the body stream
 * error before its end, so the store never commits such a write.
 */
export interface BodyDigests {
  md5: Buffer;
  sizeBytes: number;
  checksum?: Checksum;
}

/** Headers S3 stores with an object and returns on GET/HEAD. */
export interface ObjectHttpMetadata {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
}

export interface ObjectMetadata extends ObjectHttpMetadata {
  /** x-amz-meta-* with the prefix removed, names lower-cased. */
  userMetadata: Record<string, string>;
}

/** Preconditions that must hold atomically with a write or delete. */
export interface WriteConditions {
  /** If-None-Match: * — create only if no current object exists. */
  ifNoneMatchAny?: boolean;
  /** If-Match: "etag" — write only over a current object with this ETag (quoted or not, compared unquoted). */
  ifMatchETag?: string;
}

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

export interface ObjectPartLayout {
  partNumber: number;
  sizeBytes: number;
  etag: string;
  checksum?: Checksum;
}

/** One object version as the index knows it. */
export interface ObjectInfo {
  bucket: string;
  key: string;
  /** The version's id, "null" for the null version (buckets never versioned, or Suspended). */
  versionId: string;
  /** A delete marker: no bytes, no metadata; listed only by ListObjectVersions. */
  deleteMarker?: true;
  /** Set by ListObjectVersions: this is the key's newest version. */
  isLatest?: boolean;
  /** Object lock: present while set on the version (even after the date passed). */
  retention?: Retention;
  legalHold?: boolean;
  /** The version's tag set (absent when it has none). */
  tags?: Tag[];
  sizeBytes: number;
  /** Unquoted: hex md5, or hex md5-of-md5s + "-N" for multipart objects. */
  etag: string;
  lastModified: Date;
  metadata: ObjectMetadata;
  storageClass: string;
  checksum?: Checksum;
  /** Present for multipart objects: the part layout, in order. */
  parts?: ObjectPartLayout[];
}

export interface PutObjectInput {
  bucket: string;
  key: string;
  /** The body, already decoded (no aws-chunked framing). */
  body: Readable;
  /** Called once `body` has ended; see BodyDigests. */
  digests: () => BodyDigests;
  /** The declared length when known; the store refuses to commit a body of another length (IncompleteBody). */
  sizeBytes?: number;
  metadata: ObjectMetadata;
  storageClass?: string;
  conditions?: WriteConditions;
  tags?: Tag[];
  /** Object lock settings for the new version; without them the bucket's default retention applies. */
  retention?: Retention;
  legalHold?: boolean;
}

export interface PutObjectResult {
  etag: string;
  /** Present when the bucket's versioning is configured (the id, or "null" when Suspended), as S3 sends x-amz-version-id. */
  versionId?: string;
  checksum?: Checksum;
  lastModified: Date;
}

/** An inclusive byte range already resolved against the object's size. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface GetObjectInput {
  bucket: string;
  key: string;
  versionId?: string;
  /**
   * Called with the object's info before any byte is read, so that the caller
   * can check preconditions and resolve a Range against the real size. It
   * returns the range to read, or null for the whole object; throwing aborts
   * the read with that error. The info and the bytes come from one version.
   */
  selectRange?: (info: ObjectInfo) => ByteRange | null;
}

export interface GetObjectResult {
  info: ObjectInfo;
  /** The range read, or null for the whole object. */
  range: ByteRange | null;
  body: Readable;
  /**
   * The same bytes as `body`, when the store already holds them in memory
   * (small inline objects): a caller may send these and skip the stream,
   * which for a 4 KiB GET costs more than the bytes do. `body` then need
   * not be consumed.
   */
  bytes?: Buffer;
}

export interface HeadObjectInput {
  bucket: string;
  key: string;
  versionId?: string;
}

export interface DeleteObjectInput {
  bucket: string;
  key: string;
  /** Remove this version for good; without it a versioned bucket gets a delete marker. */
  versionId?: string;
  conditions?: Pick<WriteConditions, 'ifMatchETag'>;
  /** x-amz-bypass-governance-retention: a GOVERNANCE retention does not stop this delete. */
  bypassGovernance?: boolean;
}

export interface DeleteObjectResult {
  /** True when something was removed or a delete marker was written (S3 answers 204 either way). */
  deleted: boolean;
  /** The version removed, or the delete marker created; present when the bucket's versioning is configured or a version was named. */
  versionId?: string;
  /** The version removed was a delete marker, or a delete marker was created. */
  deleteMarker?: boolean;
}

export interface ListObjectVersionsInput {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  /** Resume after this key: after all its versions, or only after `versionIdMarker` of it. */
  keyMarker?: string;
  versionIdMarker?: string;
  /** 1..1000: versions, delete markers and common prefixes together. */
  maxKeys: number;
}

export interface ListObjectVersionsResult {
  /** Versions and delete markers, by key and then newest first; each with isLatest set. */
  versions: ObjectInfo[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

/** Changes to one version's attributes (the version itself is immutable); a field left out is kept. */
export interface UpdateObjectInput {
  bucket: string;
  key: string;
  /** Without it, the current version. */
  versionId?: string;
  /** null removes the retention (GOVERNANCE with bypassGovernance only; never COMPLIANCE). */
  retention?: Retention | null;
  legalHold?: boolean;
  /** null removes the tag set. */
  tags?: Tag[] | null;
  bypassGovernance?: boolean;
}

export interface ListObjectsInput {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  /** List keys strictly after this one (StartAfter, Marker, or a decoded continuation token). */
  startAfter?: string;
  /** 1..1000 */
  maxKeys: number;
}

export interface ListObjectsResult {
  objects: ObjectInfo[];
  /** Distinct prefixes up to and including the delimiter, in order. */
  commonPrefixes: string[];
  isTruncated: boolean;
  /** When truncated: the last key or common prefix returned; pass it as startAfter for the next page. */
  nextStartAfter?: string;
}

export interface CreateMultipartUploadInput {
  bucket: string;
  key: string;
  metadata: ObjectMetadata;
  storageClass?: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
  /** Applied to the object CompleteMultipartUpload creates. */
  tags?: Tag[];
  retention?: Retention;
  legalHold?: boolean;
}

export interface MultipartUploadInfo {
  bucket: string;
  key: string;
  uploadId: string;
  initiatedAt: Date;
  metadata: ObjectMetadata;
  storageClass: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
}

export interface UploadPartInput {
  bucket: string;
  key: string;
  uploadId: string;
  /** 1..10000 */
  partNumber: number;
  body: Readable;
  digests: () => BodyDigests;
  sizeBytes?: number;
}

export interface PartInfo {
  partNumber: number;
  /** Unquoted hex md5 of the part. */
  etag: string;
  sizeBytes: number;
  lastModified: Date;
  checksum?: Checksum;
}

export interface CompletedPartInput {
  partNumber: number;
  /** As the client sent it; quotes are ignored. */
  etag: string;
  /** The client's x-amz-checksum-* for this part, when it sent one; it must match what was stored. */
  checksumValue?: string;
}

export interface CompleteMultipartUploadInput {
  bucket: string;
  key: string;
  uploadId: string;
  parts: CompletedPartInput[];
  conditions?: WriteConditions;
  /** The whole-object checksum the client declared (FULL_OBJECT or COMPOSITE "-N"), to be verified. */
  expectedChecksum?: string;
}

export interface ListPartsInput {
  bucket: string;
  key: string;
  uploadId: string;
  partNumberMarker?: number;
  /** 1..1000 */
  maxParts: number;
}

export interface ListPartsResult {
  upload: MultipartUploadInfo;
  parts: PartInfo[];
  isTruncated: boolean;
  nextPartNumberMarker?: number;
}

export interface ListMultipartUploadsInput {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  keyMarker?: string;
  uploadIdMarker?: string;
  /** 1..1000 */
  maxUploads: number;
}

export interface ListMultipartUploadsResult {
  uploads: MultipartUploadInfo[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
}

export interface CreateBucketInput {
  bucket: string;
  region: string;
  /** x-amz-bucket-object-lock-enabled: object lock on, versioning Enabled for good. */
  objectLockEnabled?: boolean;
}

export interface ObjectStore {
  createBucket(input: CreateBucketInput, signal: AbortSignal): Promise<void>;
  headBucket(bucket: string, signal: AbortSignal): Promise<BucketInfo>;
  deleteBucket(bucket: string, signal: AbortSignal): Promise<void>;
  listBuckets(signal: AbortSignal): Promise<BucketInfo[]>;
  getBucketConfig(bucket: string, signal: AbortSignal): Promise<BucketConfig>;
  /**
   * Refused with InvalidBucketState: suspending versioning under object lock,
   * turning object lock on while versioning is not Enabled.
   */
  updateBucketConfig(bucket: string, update: BucketConfigUpdate, signal: AbortSignal): Promise<BucketConfig>;

  putObject(input: PutObjectInput, signal: AbortSignal): Promise<PutObjectResult>;
  getObject(input: GetObjectInput, signal: AbortSignal): Promise<GetObjectResult>;
  headObject(input: HeadObjectInput, signal: AbortSignal): Promise<ObjectInfo>;
  deleteObject(input: DeleteObjectInput, signal: AbortSignal): Promise<DeleteObjectResult>;
  listObjects(input: ListObjectsInput, signal: AbortSignal): Promise<ListObjectsResult>;
  listObjectVersions(input: ListObjectVersionsInput, signal: AbortSignal): Promise<ListObjectVersionsResult>;
  /** Retention, legal hold and tags of one version; returns the version's info after the change. */
  updateObject(input: UpdateObjectInput, signal: AbortSignal): Promise<ObjectInfo>;

  createMultipartUpload(input: CreateMultipartUploadInput, signal: AbortSignal): Promise<MultipartUploadInfo>;
  uploadPart(input: UploadPartInput, signal: AbortSignal): Promise<PartInfo>;
  completeMultipartUpload(input: CompleteMultipartUploadInput, signal: AbortSignal): Promise<PutObjectResult>;
  abortMultipartUpload(input: { bucket: string; key: string; uploadId: string }, signal: AbortSignal): Promise<void>;
  listParts(input: ListPartsInput, signal: AbortSignal): Promise<ListPartsResult>;
  listMultipartUploads(input: ListMultipartUploadsInput, signal: AbortSignal): Promise<ListMultipartUploadsResult>;

  /** Flush and release files and the index. */
  close(): Promise<void>;
}
