// The types of ObjectStore's object operations (put, get, head, delete,
// update) and of what it says about an object. Re-exported by ObjectStore.ts.
import type { Readable } from 'node:stream';
import type { Retention, Tag } from './bucketTypes.js';

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
