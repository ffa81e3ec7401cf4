// THE seam between the S3 surface and storage. Types only.
//
// Every S3 feature above is written against ObjectStore; every engine below
// implements it, and test/conformance runs against each engine. Inputs are
// typed (never HTTP headers), bodies are Node Readables, every call takes an
// AbortSignal. Errors are StoreError with a domain code (see StoreError.ts).
//
// The types of its inputs and results live by area (bucketTypes.ts,
// objectTypes.ts, listingTypes.ts, multipartTypes.ts) and are re-exported
// here: import them from this file.
import type {
  ObjectInfo,
  PutObjectInput,
  PutObjectResult,
  GetObjectInput,
  GetObjectResult,
  HeadObjectInput,
  DeleteObjectInput,
  DeleteObjectResult,
  UpdateObjectInput,
} from './objectTypes.js';
import type { BucketInfo, BucketConfig, BucketConfigUpdate, CreateBucketInput } from './bucketTypes.js';
import type { ListObjectVersionsInput, ListObjectVersionsResult, ListObjectsInput, ListObjectsResult } from './listingTypes.js';
import type {
  CreateMultipartUploadInput,
  MultipartUploadInfo,
  UploadPartInput,
  PartInfo,
  CompleteMultipartUploadInput,
  ListPartsInput,
  ListPartsResult,
  ListMultipartUploadsInput,
  ListMultipartUploadsResult,
} from './multipartTypes.js';

export type {
  ChecksumAlgorithm,
  ChecksumType,
  Checksum,
  BodyDigests,
  ObjectHttpMetadata,
  ObjectMetadata,
  WriteConditions,
  ObjectPartLayout,
  ObjectInfo,
  PutObjectInput,
  PutObjectResult,
  ByteRange,
  GetObjectInput,
  GetObjectResult,
  HeadObjectInput,
  DeleteObjectInput,
  DeleteObjectResult,
  UpdateObjectInput,
} from './objectTypes.js';
export type {
  BucketInfo,
  VersioningState,
  RetentionMode,
  Retention,
  DefaultRetention,
  ObjectLockConfiguration,
  Tag,
  LifecycleFilter,
  LifecycleRule,
  LifecycleConfiguration,
  BucketConfig,
  BucketConfigUpdate,
  CreateBucketInput,
} from './bucketTypes.js';
export type { ListObjectVersionsInput, ListObjectVersionsResult, ListObjectsInput, ListObjectsResult } from './listingTypes.js';
export type {
  CreateMultipartUploadInput,
  MultipartUploadInfo,
  UploadPartInput,
  PartInfo,
  CompletedPartInput,
  CompleteMultipartUploadInput,
  ListPartsInput,
  ListPartsResult,
  ListMultipartUploadsInput,
  ListMultipartUploadsResult,
} from './multipartTypes.js';

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
