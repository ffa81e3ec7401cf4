// Test material for the LifecycleScanner tests: a compressed clock (a
// lifecycle day is one second), an in-memory store with S3's version
// semantics, and a scanner wired to it. Test code, kept out of dist/
// (tsconfig.build.json excludes *.fixtures.ts).
import {
  StoreError,
  type BucketConfig,
  type BucketInfo,
  type DeleteObjectInput,
  type DeleteObjectResult,
  type LifecycleRule,
  type ListMultipartUploadsInput,
  type ListMultipartUploadsResult,
  type ListObjectVersionsInput,
  type ListObjectVersionsResult,
  type MultipartUploadInfo,
  type ObjectInfo,
  type Retention,
  type Tag,
} from '../../storage/index.js';
import { silentLogger } from '../../util/logger.js';
import { LifecycleScanner, type LifecycleScannerOptions, type LifecycleStore } from './LifecycleScanner.js';

export const NOW = Date.parse('2030-01-01T00:00:00Z');
export const DAY = 1000; // compressed: a lifecycle day is one second
export const ago = (ms: number): Date => new Date(NOW - ms);

export interface Bucket {
  config: BucketConfig;
  /** Per key, newest first. */
  versions: Map<string, ObjectInfo[]>;
  uploads: MultipartUploadInfo[];
}

/** An in-memory store with S3's version semantics, strict about listing markers. */
export class FakeStore implements LifecycleStore {
  readonly buckets = new Map<string, Bucket>();
  readonly deletes: string[] = [];
  /** Every version-id delete asked for, refused or not. */
  readonly attempts: string[] = [];
  /** Version ids the store refuses to delete although the listing shows no lock. */
  readonly hiddenLocks = new Set<string>();
  beforeDelete: (input: DeleteObjectInput) => void = () => {};
  private nextId = 0;

  bucket(name: string, rules: LifecycleRule[], versioning?: 'Enabled' | 'Suspended'): this {
    this.buckets.set(name, {
      config: { lifecycle: { rules }, ...(versioning !== undefined ? { versioning } : {}) },
      versions: new Map(),
      uploads: [],
    });
    return this;
  }

  put(
    bucket: string,
    key: string,
    at: Date,
    extra: { sizeBytes?: number; tags?: Tag[]; retention?: Retention; legalHold?: boolean; deleteMarker?: true } = {},
  ): string {
    const b = this.get(bucket);
    const versioned = b.config.versioning === 'Enabled';
    const versionId = versioned ? `v${++this.nextId}` : 'null';
    const list = (b.versions.get(key) ?? []).filter((v) => versioned || v.versionId !== 'null');
    list.unshift({
      bucket,
      key,
      versionId,
      sizeBytes: extra.sizeBytes ?? 1,
      etag: `etag${++this.nextId}`,
      lastModified: at,
      metadata: { userMetadata: {} },
      storageClass: 'STANDARD',
      ...extra,
    });
    b.versions.set(key, list);
    return versionId;
  }

  keys(bucket: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [key, list] of [...this.get(bucket).versions].sort())
      out[key] = list.map((v) => (v.deleteMarker === true ? `DM:${v.versionId}` : v.versionId));
    return out;
  }

  get(name: string): Bucket {
    const b = this.buckets.get(name);
    if (b === undefined) throw new StoreError('NoSuchBucket', 'no such bucket', { bucket: name });
    return b;
  }

  async listBuckets(signal: AbortSignal): Promise<BucketInfo[]> {
    signal.throwIfAborted();
    return [...this.buckets.keys()].map((name) => ({ name, createdAt: new Date(0), region: 'us-east-1' }));
  }

  async getBucketConfig(bucket: string, signal: AbortSignal): Promise<BucketConfig> {
    signal.throwIfAborted();
    return this.get(bucket).config;
  }

  async listObjectVersions(input: ListObjectVersionsInput, signal: AbortSignal): Promise<ListObjectVersionsResult> {
    signal.throwIfAborted();
    const all: ObjectInfo[] = [];
    for (const [key, list] of [...this.get(input.bucket).versions].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (key.startsWith(input.prefix ?? '')) list.forEach((v, i) => all.push({ ...v, isLatest: i === 0 }));
    }
    let start = 0;
    if (input.keyMarker !== undefined) {
      if (input.versionIdMarker !== undefined) {
        const at = all.findIndex((v) => v.key === input.keyMarker && v.versionId === input.versionIdMarker);
        // A scanner that deletes the entry a listing resumes from must fail here.
        if (at < 0) throw new Error(`listing marker ${input.keyMarker}@${input.versionIdMarker} no longer exists`);
        start = at + 1;
      } else {
        start = all.findIndex((v) => v.key > input.keyMarker!);
        if (start < 0) start = all.length;
      }
    }
    const versions = all.slice(start, start + input.maxKeys);
    const last = versions[versions.length - 1];
    const isTruncated = start + input.maxKeys < all.length;
    return {
      versions,
      commonPrefixes: [],
      isTruncated,
      ...(isTruncated && last !== undefined ? { nextKeyMarker: last.key, nextVersionIdMarker: last.versionId } : {}),
    };
  }

  async deleteObject(input: DeleteObjectInput, signal: AbortSignal): Promise<DeleteObjectResult> {
    signal.throwIfAborted();
    this.beforeDelete(input);
    const b = this.get(input.bucket);
    const list = b.versions.get(input.key) ?? [];
    if (input.versionId === undefined) {
      const current = list[0];
      if (
        input.conditions?.ifMatchETag !== undefined &&
        (current === undefined || current.deleteMarker === true || current.etag !== input.conditions.ifMatchETag)
      ) {
        throw new StoreError('PreconditionFailed', 'If-Match');
      }
      this.deletes.push(`${input.key}`);
      if (b.config.versioning === 'Enabled') {
        this.put(input.bucket, input.key, new Date(NOW), { deleteMarker: true });
        return { deleted: true, deleteMarker: true };
      }
      const rest = list.filter((v) => v.versionId !== 'null');
      if (rest.length === 0) b.versions.delete(input.key);
      else b.versions.set(input.key, rest);
      return { deleted: true };
    }
    this.attempts.push(`${input.key}@${input.versionId}`);
    const version = list.find((v) => v.versionId === input.versionId);
    if (version === undefined) throw new StoreError('NoSuchVersion', 'no such version');
    const retained = version.retention !== undefined && version.retention.retainUntil.getTime() > NOW;
    if (version.legalHold === true || retained || this.hiddenLocks.has(version.versionId)) throw new StoreError('ObjectLocked', 'locked');
    this.deletes.push(`${input.key}@${input.versionId}`);
    const rest = list.filter((v) => v !== version);
    if (rest.length === 0) b.versions.delete(input.key);
    else b.versions.set(input.key, rest);
    return { deleted: true, versionId: input.versionId };
  }

  async listMultipartUploads(input: ListMultipartUploadsInput, signal: AbortSignal): Promise<ListMultipartUploadsResult> {
    signal.throwIfAborted();
    const all = this.get(input.bucket)
      .uploads.filter((u) => u.key.startsWith(input.prefix ?? ''))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const start =
      input.keyMarker === undefined ? 0 : all.findIndex((u) => u.key === input.keyMarker && u.uploadId === input.uploadIdMarker) + 1;
    if (start === 0 && input.keyMarker !== undefined) throw new Error('upload marker no longer exists');
    const uploads = all.slice(start, start + input.maxUploads);
    const last = uploads[uploads.length - 1];
    const isTruncated = start + input.maxUploads < all.length;
    return {
      uploads,
      commonPrefixes: [],
      isTruncated,
      ...(isTruncated && last !== undefined ? { nextKeyMarker: last.key, nextUploadIdMarker: last.uploadId } : {}),
    };
  }

  async abortMultipartUpload(input: { bucket: string; key: string; uploadId: string }, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const b = this.get(input.bucket);
    b.uploads = b.uploads.filter((u) => u.uploadId !== input.uploadId);
  }
}

export const rule = (over: Partial<LifecycleRule>): LifecycleRule => ({ id: 'rule', enabled: true, filter: {}, ...over });

export function scanner(store: FakeStore, over: Partial<LifecycleScannerOptions> = {}): LifecycleScanner {
  return new LifecycleScanner({
    store,
    dayMs: DAY,
    intervalMs: 60_000,
    maxOpsPerSecond: Infinity,
    log: silentLogger,
    pageSize: 1,
    now: () => NOW,
    ...over,
  });
}
