// ObjectStore on one drive: each operation lives in its own module; this
// class only binds them to the drive, index and reclaimer they share.
import type {
  BucketConfig,
  BucketConfigUpdate,
  BucketInfo,
  CompleteMultipartUploadInput,
  CreateBucketInput,
  ListObjectVersionsInput,
  ListObjectVersionsResult,
  UpdateObjectInput,
  CreateMultipartUploadInput,
  DeleteObjectInput,
  DeleteObjectResult,
  GetObjectInput,
  GetObjectResult,
  HeadObjectInput,
  ListMultipartUploadsInput,
  ListMultipartUploadsResult,
  ListObjectsInput,
  ListObjectsResult,
  ListPartsInput,
  ListPartsResult,
  MultipartUploadInfo,
  ObjectInfo,
  ObjectStore,
  PartInfo,
  PutObjectInput,
  PutObjectResult,
  UploadPartInput,
} from '../ObjectStore.js';
import type { HealInput, HealResult, StoreAdmin, StoreInfo } from '../StoreAdmin.js';
import { heal, storeInfo } from './admin.js';
import { getBucketConfig, updateBucketConfig } from './bucketConfig.js';
import { createBucket, deleteBucket, headBucket, listBuckets } from './buckets.js';
import type { EngineContext } from './context.js';
import type { IndexCondition } from '../meta/index.js';
import { deleteObject } from './deleteObject.js';
import { getObject, headObject } from './getObject.js';
import { listObjects } from './listObjects.js';
import { listObjectVersions } from './listObjectVersions.js';
import { abortMultipartUpload } from './multipart/abortUpload.js';
import { completeMultipartUpload } from './multipart/completeUpload.js';
import { createMultipartUpload } from './multipart/createUpload.js';
import { listParts } from './multipart/listParts.js';
import { listMultipartUploads } from './multipart/listUploads.js';
import { uploadPart } from './multipart/uploadPart.js';
import { putObject } from './putObject.js';
import { updateObject } from './updateObject.js';

export class Engine implements ObjectStore, StoreAdmin {
  private closing: Promise<void> | undefined;

  constructor(
    private readonly ctx: EngineContext,
    private readonly identity: { deploymentId: string; driveId: string; condition?: () => IndexCondition },
  ) {}

  info(signal: AbortSignal): Promise<StoreInfo> {
    return storeInfo(this.ctx, this.identity, signal);
  }
  heal(input: HealInput, signal: AbortSignal): Promise<HealResult> {
    return heal(this.ctx, input, signal);
  }

  /** Index entries read by listings so far: lets tests and metrics check that a page costs a page. */
  get indexEntriesVisited(): number {
    return this.ctx.index.entriesVisited;
  }

  createBucket(input: CreateBucketInput, signal: AbortSignal): Promise<void> {
    return createBucket(this.ctx, input, signal);
  }
  headBucket(bucket: string, signal: AbortSignal): Promise<BucketInfo> {
    return headBucket(this.ctx, bucket, signal);
  }
  deleteBucket(bucket: string, signal: AbortSignal): Promise<void> {
    return deleteBucket(this.ctx, bucket, signal);
  }
  listBuckets(signal: AbortSignal): Promise<BucketInfo[]> {
    return listBuckets(this.ctx, signal);
  }
  getBucketConfig(bucket: string, signal: AbortSignal): Promise<BucketConfig> {
    return getBucketConfig(this.ctx, bucket, signal);
  }
  updateBucketConfig(bucket: string, update: BucketConfigUpdate, signal: AbortSignal): Promise<BucketConfig> {
    return updateBucketConfig(this.ctx, bucket, update, signal);
  }
  listObjectVersions(input: ListObjectVersionsInput, signal: AbortSignal): Promise<ListObjectVersionsResult> {
    return listObjectVersions(this.ctx, input, signal);
  }
  updateObject(input: UpdateObjectInput, signal: AbortSignal): Promise<ObjectInfo> {
    return updateObject(this.ctx, input, signal);
  }
  putObject(input: PutObjectInput, signal: AbortSignal): Promise<PutObjectResult> {
    return putObject(this.ctx, input, signal);
  }
  getObject(input: GetObjectInput, signal: AbortSignal): Promise<GetObjectResult> {
    return getObject(this.ctx, input, signal);
  }
  headObject(input: HeadObjectInput, signal: AbortSignal): Promise<ObjectInfo> {
    return headObject(this.ctx, input, signal);
  }
  deleteObject(input: DeleteObjectInput, signal: AbortSignal): Promise<DeleteObjectResult> {
    return deleteObject(this.ctx, input, signal);
  }
  listObjects(input: ListObjectsInput, signal: AbortSignal): Promise<ListObjectsResult> {
    return listObjects(this.ctx, input, signal);
  }
  createMultipartUpload(input: CreateMultipartUploadInput, signal: AbortSignal): Promise<MultipartUploadInfo> {
    return createMultipartUpload(this.ctx, input, signal);
  }
  uploadPart(input: UploadPartInput, signal: AbortSignal): Promise<PartInfo> {
    return uploadPart(this.ctx, input, signal);
  }
  completeMultipartUpload(input: CompleteMultipartUploadInput, signal: AbortSignal): Promise<PutObjectResult> {
    return completeMultipartUpload(this.ctx, input, signal);
  }
  abortMultipartUpload(input: { bucket: string; key: string; uploadId: string }, signal: AbortSignal): Promise<void> {
    return abortMultipartUpload(this.ctx, input, signal);
  }
  listParts(input: ListPartsInput, signal: AbortSignal): Promise<ListPartsResult> {
    return listParts(this.ctx, input, signal);
  }
  listMultipartUploads(input: ListMultipartUploadsInput, signal: AbortSignal): Promise<ListMultipartUploadsResult> {
    return listMultipartUploads(this.ctx, input, signal);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.ctx.reclaimer.drain();
      await this.ctx.index.close();
    })();
    return this.closing;
  }
}
