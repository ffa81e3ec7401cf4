// The record shapes stored in the index (MessagePack values). Every record
// carries `v` (its schema version) so a later release can read old records
// and migrate lazily. Times are epoch milliseconds (numbers, not Dates) so
// the encoding stays plain MessagePack that other tools can decode.
import type { DataPart } from '../records/DataPart.js';
import type {
  Checksum,
  ChecksumAlgorithm,
  ChecksumType,
  LifecycleConfiguration,
  ObjectLockConfiguration,
  ObjectMetadata,
  RetentionMode,
  Tag,
  VersioningState,
} from '../ObjectStore.js';

/** `buckets` table, key: bucket name. */
export interface BucketRecord {
  v: 1;
  name: string;
  createdMs: number;
  region: string;
  /** Absent until versioning is first configured. */
  versioning?: VersioningState;
  objectLock?: ObjectLockConfiguration;
  tags?: Tag[];
  /** Lifecycle rules; an Expiration date is kept as `dateMs`. */
  lifecycle?: StoredLifecycle;
}

/** LifecycleConfiguration with its Dates as epoch milliseconds (plain MessagePack). */
export type StoredLifecycle = {
  rules: Array<
    Omit<LifecycleConfiguration['rules'][number], 'expiration'> & {
      expiration?: { days?: number; dateMs?: number; expiredObjectDeleteMarker?: boolean };
    }
  >;
};

export type { DataPart } from '../records/DataPart.js';

/**
 * Where a version's bytes live (`inline` and `layouts` are keyed by
 * bucket \0 key \0 vsk, the version's sort key).
 * - inline: in the `inline` table under the version key (small objects; kept
 *   out of this record so a listing never decodes object bytes);
 * - parts: in these files, in order (PutObject writes exactly one);
 * - multipart: in the `layouts` table under the version key (up to 10,000
 *   parts would make this record ~1 MB and every listing page slow).
 */
export type DataRef =
  | { kind: 'inline' }
  | { kind: 'parts'; parts: DataPart[] }
  | { kind: 'multipart'; partsCount: number }
  /** A delete marker. */
  | { kind: 'none' };

/**
 * One object version. `versions` table, key: bucket \0 key \0 vsk, holds
 * every version and delete marker; `objects`, key: bucket \0 key, holds a
 * copy of each key's newest version unless that is a delete marker, so that
 * ListObjects and GET never step over old versions.
 */
export interface ObjectRecord {
  v: 1;
  /** The S3 version id: the vsk itself, or "null" for the null version. */
  versionId: string;
  /**
   * Version sort key: 22 lower-case hex characters, the inverted creation
   * time in microseconds (14) and a random tail (8), so that a key's newest
   * version sorts first. Unique per key even for "null" versions.
   */
  vsk: string;
  deleteMarker?: true;
  tags?: Tag[];
  retention?: { mode: RetentionMode; untilMs: number };
  /** Kept once set, ON or OFF (S3 reports an OFF legal hold as such). */
  legalHold?: boolean;
  sizeBytes: number;
  /** Unquoted hex md5, or md5-of-md5s "-N" for multipart objects. */
  etag: string;
  lastModifiedMs: number;
  metadata: ObjectMetadata;
  storageClass: string;
  checksum?: Checksum;
  data: DataRef;
}

/** One S3 part of a multipart object: its bytes (a DataPart) and what S3 reports about it. */
export interface LayoutPart extends DataPart {
  partNumber: number;
  etag: string;
  checksum?: Checksum;
}

/** `layouts` table, key: bucket \0 key \0 vsk. */
export interface MultipartLayout {
  v: 1;
  parts: LayoutPart[];
}

/** `uploads` table, key: bucket \0 key \0 uploadId (uploadIds sort by initiation time). */
export interface UploadRecord {
  v: 1;
  uploadId: string;
  initiatedMs: number;
  metadata: ObjectMetadata;
  storageClass: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
  /** Given at CreateMultipartUpload, applied to the object CompleteMultipartUpload makes. */
  tags?: Tag[];
  retention?: { mode: RetentionMode; untilMs: number };
  legalHold?: true;
}

/** `parts` table, key: uploadId \0 partNumber (uint32 big-endian). */
export interface PartRecord {
  v: 1;
  partNumber: number;
  sizeBytes: number;
  /** Unquoted hex md5. */
  etag: string;
  lastModifiedMs: number;
  checksum?: Checksum;
  fileId: string;
}

/**
 * `completed` table, key: uploadId (its 12 hex digits of initiation time
 * make the oldest entries come first, for the sweep). A completed upload's
 * answer, kept so that a CompleteMultipartUpload re-sent after a lost
 * response (SDKs retry on timeouts and resets) is answered as the first one
 * was. Written in the completion's own transaction; swept once older than
 * the retention window (engine/multipart/completions.ts).
 */
export interface CompletionRecord {
  v: 1;
  bucket: string;
  key: string;
  completedMs: number;
  /** The vsk of the version the completion made. */
  vsk: string;
  /** The object's first part file: tells this object from a later one that took over the same vsk (a null version overwritten in place). */
  firstFileId: string;
}

/**
 * `files` table, key: fileId. Every data file some record references, with
 * its owner: prepareStorage deletes files that are not here, and a scrubber
 * or healer can go from a file back to the object.
 */
export type FileRecord =
  | { owner: 'object'; bucket: string; key: string; /** the version's vsk */ versionId: string }
  | { owner: 'part'; bucket: string; key: string; uploadId: string; partNumber: number };

/**
 * `garbage` table, key: fileId. Files no record references any more, written
 * in the same transaction that dropped the reference, removed once the file
 * is unlinked: a crash in between leaves the entry for prepareStorage.
 */
export interface GarbageRecord {
  sinceMs: number;
}

/** `sys` table: index-wide facts. */
export interface SysRecords {
  /** The drive identity this index belongs to (a copy of format.json's ids). */
  drive: { deploymentId: string; driveId: string };
  /** Files with an hour id before this one were checked by an earlier prepareStorage. */
  scannedFromHour: number;
  /**
   * Replicated indexes (erasure sets): how many replicated transactions this
   * replica has applied. A replica behind the others missed writes while it
   * was away, so it is never the arbiter until healed.
   */
  generation: number;
  /** Replicated transactions applied ahead of `generation` (replays may land out of order). */
  pendingGenerations: number[];
  /** 2 once every object has a `versions` record (indexes written before versioning are migrated on open). */
  schema: number;
  /**
   * Single drive: data files staged in this hour (epoch hours) or before may
   * be raw, written before data files were framed with block hashes; later
   * ones are all framed. -1 on a drive formatted framed from the start.
   */
  rawFilesUntilHour: number;
}

export interface TableValues {
  buckets: BucketRecord;
  objects: ObjectRecord;
  versions: ObjectRecord;
  /** bucket \0 key → vsk of the key's null version, while it exists in a bucket whose versioning is configured. */
  nulls: string;
  inline: Buffer;
  layouts: MultipartLayout;
  uploads: UploadRecord;
  parts: PartRecord;
  completed: CompletionRecord;
  files: FileRecord;
  garbage: GarbageRecord;
  sys: SysRecords[keyof SysRecords];
}

export type TableName = keyof TableValues;
