// ObjectStore over several erasure sets: each object lives in the set its
// name hashes to (placement.ts); buckets exist in every set; listings merge
// the sets' ordered pages. Each set is an ordinary ObjectStore (an Engine
// over a replicated index and an erasure-coded drive), so everything about
// one object stays inside one set.
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
import { StoreError } from '../StoreError.js';
import { mergeSetListings } from './mergePages.js';
import { setIndexOf } from './placement.js';

export class MultiSetStore implements ObjectStore {
  constructor(readonly sets: readonly ObjectStore[]) {
    if (sets.length === 0) throw new Error('a store needs at least one erasure set');
  }

  /** The set that holds (or will hold) this object. */
  setFor(bucket: string, key: string): ObjectStore {
    return this.sets[setIndexOf(bucket, key, this.sets.length)]!;
  }

  async createBucket(input: CreateBucketInput, signal: AbortSignal): Promise<void> {
    // Every set must end up with the bucket; it already existed only if no set created it.
    let created = 0;
    for (const set of this.sets) {
      try {
        await set.createBucket(input, signal);
        created++;
      } catch (err) {
        if (!(err instanceof StoreError && err.code === 'BucketAlreadyOwnedByYou')) throw err;
      }
    }
    if (created === 0)
      throw new StoreError('BucketAlreadyOwnedByYou', `The bucket ${input.bucket} already exists and is yours.`, { bucket: input.bucket });
  }

  headBucket(bucket: string, signal: AbortSignal): Promise<BucketInfo> {
    return this.sets[0]!.headBucket(bucket, signal);
  }

  async deleteBucket(bucket: string, signal: AbortSignal): Promise<void> {
    // Check every set first, so a bucket is never half deleted because one set still holds objects.
    for (const set of this.sets) {
      const page = await set.listObjectVersions({ bucket, maxKeys: 1 }, signal);
      if (page.versions.length > 0 || page.commonPrefixes.length > 0)
        throw new StoreError('BucketNotEmpty', `The bucket ${bucket} is not empty.`, { bucket });
    }
    for (const set of this.sets) {
      try {
        await set.deleteBucket(bucket, signal);
      } catch (err) {
        // A set that lost the bucket already (an earlier interrupted delete) is fine.
        if (!(err instanceof StoreError && err.code === 'NoSuchBucket' && set !== this.sets[0])) throw err;
      }
    }
  }

  listBuckets(signal: AbortSignal): Promise<BucketInfo[]> {
    return this.sets[0]!.listBuckets(signal);
  }

  getBucketConfig(bucket: string, signal: AbortSignal): Promise<BucketConfig> {
    return this.sets[0]!.getBucketConfig(bucket, signal);
  }

  /**
   * Every set acts on its own copy of the configuration (its writes read it
   * in their transaction), so a change goes to each set, first set first:
   * a refusal comes from there before any set has changed.
   */
  async updateBucketConfig(bucket: string, update: BucketConfigUpdate, signal: AbortSignal): Promise<BucketConfig> {
    const result = await this.sets[0]!.updateBucketConfig(bucket, update, signal);
    for (const set of this.sets.slice(1)) await set.updateBucketConfig(bucket, update, signal);
    return result;
  }

  updateObject(input: UpdateObjectInput, signal: AbortSignal): Promise<ObjectInfo> {
    return this.setFor(input.bucket, input.key).updateObject(input, signal);
  }

  /**
   * Like listObjects: each key lives in one set with all its versions, so
   * merging the sets' pages by key (stable, keeping each key's versions in
   * their newest-first order) gives the bucket's page.
   */
  async listObjectVersions(input: ListObjectVersionsInput, signal: AbortSignal): Promise<ListObjectVersionsResult> {
    if (this.sets.length === 1) return this.sets[0]!.listObjectVersions(input, signal);
    const { items, commonPrefixes, isTruncated, next } = await mergeSetListings(
      this.sets,
      (set) => set.listObjectVersions(input, signal),
      (p) => p.versions,
      (v) => v.key,
      input.maxKeys,
    );
    const result: ListObjectVersionsResult = { versions: items, commonPrefixes, isTruncated };
    if (next !== undefined) {
      result.nextKeyMarker = next.name;
      if (next.item !== undefined) result.nextVersionIdMarker = next.item.versionId;
    }
    return result;
  }

  putObject(input: PutObjectInput, signal: AbortSignal): Promise<PutObjectResult> {
    return this.setFor(input.bucket, input.key).putObject(input, signal);
  }
  getObject(input: GetObjectInput, signal: AbortSignal): Promise<GetObjectResult> {
    return this.setFor(input.bucket, input.key).getObject(input, signal);
  }
  headObject(input: HeadObjectInput, signal: AbortSignal): Promise<ObjectInfo> {
    return this.setFor(input.bucket, input.key).headObject(input, signal);
  }
  deleteObject(input: DeleteObjectInput, signal: AbortSignal): Promise<DeleteObjectResult> {
    return this.setFor(input.bucket, input.key).deleteObject(input, signal);
  }

  /**
   * Each set lists its first maxKeys items after the marker; the first
   * maxKeys of their merge are the bucket's, since every one of them is
   * among its own set's first maxKeys. Common prefixes repeat across sets
   * and are merged into one.
   */
  async listObjects(input: ListObjectsInput, signal: AbortSignal): Promise<ListObjectsResult> {
    if (this.sets.length === 1) return this.sets[0]!.listObjects(input, signal);
    const { items, commonPrefixes, isTruncated, next } = await mergeSetListings(
      this.sets,
      (set) => set.listObjects(input, signal),
      (p) => p.objects,
      (o) => o.key,
      input.maxKeys,
    );
    const result: ListObjectsResult = { objects: items, commonPrefixes, isTruncated };
    if (next !== undefined) result.nextStartAfter = next.name;
    return result;
  }

  createMultipartUpload(input: CreateMultipartUploadInput, signal: AbortSignal): Promise<MultipartUploadInfo> {
    return this.setFor(input.bucket, input.key).createMultipartUpload(input, signal);
  }
  uploadPart(input: UploadPartInput, signal: AbortSignal): Promise<PartInfo> {
    return this.setFor(input.bucket, input.key).uploadPart(input, signal);
  }
  completeMultipartUpload(input: CompleteMultipartUploadInput, signal: AbortSignal): Promise<PutObjectResult> {
    return this.setFor(input.bucket, input.key).completeMultipartUpload(input, signal);
  }
  abortMultipartUpload(input: { bucket: string; key: string; uploadId: string }, signal: AbortSignal): Promise<void> {
    return this.setFor(input.bucket, input.key).abortMultipartUpload(input, signal);
  }
  listParts(input: ListPartsInput, signal: AbortSignal): Promise<ListPartsResult> {
    return this.setFor(input.bucket, input.key).listParts(input, signal);
  }

  /** Merged like listObjects, ordered by key then upload id (which sorts by initiation time). */
  async listMultipartUploads(input: ListMultipartUploadsInput, signal: AbortSignal): Promise<ListMultipartUploadsResult> {
    if (this.sets.length === 1) return this.sets[0]!.listMultipartUploads(input, signal);
    const byUploadId = (x: MultipartUploadInfo, y: MultipartUploadInfo): number =>
      x.uploadId < y.uploadId ? -1 : x.uploadId > y.uploadId ? 1 : 0;
    const { items, commonPrefixes, isTruncated, next } = await mergeSetListings(
      this.sets,
      (set) => set.listMultipartUploads(input, signal),
      (p) => p.uploads,
      (u) => u.key,
      input.maxUploads,
      byUploadId,
    );
    const result: ListMultipartUploadsResult = { uploads: items, commonPrefixes, isTruncated };
    if (next !== undefined) {
      result.nextKeyMarker = next.name;
      if (next.item !== undefined) result.nextUploadIdMarker = next.item.uploadId;
    }
    return result;
  }

  async close(): Promise<void> {
    await Promise.all(this.sets.map((set) => set.close()));
  }
}
