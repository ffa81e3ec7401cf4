import { test } from 'node:test';
import assert from 'node:assert/strict';
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
import { silentLogger, type Logger } from '../../util/logger.js';
import { LifecycleScanner, type LifecycleScannerOptions, type LifecycleStore } from './LifecycleScanner.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const DAY = 1000; // compressed: a lifecycle day is one second
const ago = (ms: number): Date => new Date(NOW - ms);

interface Bucket {
  config: BucketConfig;
  /** Per key, newest first. */
  versions: Map<string, ObjectInfo[]>;
  uploads: MultipartUploadInfo[];
}

/** An in-memory store with S3's version semantics, strict about listing markers. */
class FakeStore implements LifecycleStore {
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

const rule = (over: Partial<LifecycleRule>): LifecycleRule => ({ id: 'rule', enabled: true, filter: {}, ...over });

function scanner(store: FakeStore, over: Partial<LifecycleScannerOptions> = {}): LifecycleScanner {
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

test('unversioned bucket: current versions past Expiration are removed, others kept', async () => {
  const store = new FakeStore().bucket('plain', [
    rule({ filter: { prefix: 'tmp/' }, expiration: { days: 2 } }),
    rule({ id: 'big', filter: { objectSizeGreaterThan: 100 }, expiration: { days: 1 } }),
  ]);
  store.put('plain', 'tmp/old', ago(3 * DAY));
  store.put('plain', 'tmp/new', ago(DAY));
  store.put('plain', 'keep/old', ago(30 * DAY));
  store.put('plain', 'keep/huge', ago(2 * DAY), { sizeBytes: 1000 });
  const report = await scanner(store).runOnce(new AbortController().signal);
  assert.deepEqual(store.keys('plain'), { 'keep/old': ['null'], 'tmp/new': ['null'] });
  assert.equal(report.currentExpired, 2);
  assert.equal(report.versionsExamined, 4);
  assert.equal(report.errors, 0);
});

test('versioned bucket: expiry writes a delete marker; a second pass changes nothing', async () => {
  const store = new FakeStore().bucket('ver', [rule({ expiration: { days: 2 } })], 'Enabled');
  const old = store.put('ver', 'a', ago(3 * DAY));
  const older = store.put('ver', 'b', ago(9 * DAY));
  const marker = store.put('ver', 'b', ago(DAY), { deleteMarker: true });
  const fresh = store.put('ver', 'c', ago(DAY));
  const first = await scanner(store).runOnce(new AbortController().signal);
  const after = store.keys('ver');
  assert.equal(after['a']?.length, 2);
  assert.match(after['a']?.[0] ?? '', /^DM:/);
  assert.equal(after['a']?.[1], old);
  assert.deepEqual(after['b'], [`DM:${marker}`, older], 'a current delete marker is not expired again');
  assert.deepEqual(after['c'], [fresh]);
  assert.equal(first.currentExpired, 1);
  const second = await scanner(store).runOnce(new AbortController().signal);
  assert.equal(second.currentExpired + second.deleteMarkersRemoved + second.noncurrentExpired, 0);
  assert.deepEqual(store.keys('ver'), after);
});

test('a version overwritten after the listing is not expired (ETag guard)', async () => {
  const store = new FakeStore().bucket('plain', [rule({ expiration: { days: 1 } })]);
  store.put('plain', 'k', ago(5 * DAY));
  store.beforeDelete = (input) => {
    store.beforeDelete = () => {};
    store.put(input.bucket, input.key, new Date(NOW));
  };
  const report = await scanner(store).runOnce(new AbortController().signal);
  assert.equal(report.raced, 1);
  assert.equal(report.currentExpired, 0);
  assert.deepEqual(store.keys('plain'), { k: ['null'] });
});

test('noncurrent versions expire after NoncurrentDays, keeping the newest NewerNoncurrentVersions', async () => {
  const store = new FakeStore().bucket(
    'ver',
    [rule({ noncurrentVersionExpiration: { noncurrentDays: 1, newerNoncurrentVersions: 2 } })],
    'Enabled',
  );
  const v1 = store.put('ver', 'k', ago(10 * DAY));
  const v2 = store.put('ver', 'k', ago(9 * DAY));
  const v3 = store.put('ver', 'k', ago(8 * DAY));
  const v4 = store.put('ver', 'k', ago(7 * DAY));
  const v5 = store.put('ver', 'k', ago(DAY / 2)); // v4 noncurrent for half a day only
  const solo = store.put('ver', 'solo', ago(50 * DAY));
  const report = await scanner(store, { pageSize: 2 }).runOnce(new AbortController().signal);
  assert.deepEqual(store.keys('ver'), { k: [v5, v4, v3], solo: [solo] });
  assert.deepEqual(store.deletes.sort(), [`k@${v1}`, `k@${v2}`]);
  assert.equal(report.noncurrentExpired, 2);
});

test('noncurrent delete markers expire but do not count among the versions kept', async () => {
  const store = new FakeStore().bucket(
    'ver',
    [rule({ noncurrentVersionExpiration: { noncurrentDays: 1, newerNoncurrentVersions: 1 } })],
    'Enabled',
  );
  const data = store.put('ver', 'm', ago(10 * DAY));
  const marker = store.put('ver', 'm', ago(9 * DAY), { deleteMarker: true });
  const current = store.put('ver', 'm', ago(8 * DAY));
  await scanner(store).runOnce(new AbortController().signal);
  assert.deepEqual(store.deletes, [`m@${marker}`]);
  assert.deepEqual(store.keys('ver'), { m: [current, data] });
});

test('noncurrent days count from when the next version was created', async () => {
  const store = new FakeStore().bucket('ver', [rule({ noncurrentVersionExpiration: { noncurrentDays: 3 } })], 'Enabled');
  const ancient = store.put('ver', 'k', ago(100 * DAY));
  store.put('ver', 'k', ago(2 * DAY)); // made `ancient` noncurrent only two days ago
  await scanner(store).runOnce(new AbortController().signal);
  assert.equal(store.keys('ver')['k']?.[1], ancient);
});

test('lone delete markers: removed by ExpiredObjectDeleteMarker, or by Expiration Days once old enough', async () => {
  const store = new FakeStore()
    .bucket('eodm', [rule({ expiration: { expiredObjectDeleteMarker: true } })], 'Enabled')
    .bucket('days', [rule({ expiration: { days: 2 } })], 'Enabled');
  store.put('eodm', 'gone', ago(DAY / 10), { deleteMarker: true });
  const kept = store.put('eodm', 'hidden', ago(5 * DAY));
  const hiding = store.put('eodm', 'hidden', ago(DAY), { deleteMarker: true });
  store.put('eodm', 'z-last', ago(DAY), { deleteMarker: true }); // the listing's last entry
  store.put('days', 'old', ago(3 * DAY), { deleteMarker: true });
  const young = store.put('days', 'young', ago(DAY), { deleteMarker: true });
  const report = await scanner(store).runOnce(new AbortController().signal);
  assert.deepEqual(store.keys('eodm'), { hidden: [`DM:${hiding}`, kept] });
  assert.deepEqual(store.keys('days'), { young: [`DM:${young}`] });
  assert.equal(report.deleteMarkersRemoved, 3);
});

test('stale multipart uploads are aborted, by prefix and age', async () => {
  const store = new FakeStore().bucket('mp', [
    rule({ filter: { prefix: 'up/' }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } }),
  ]);
  const upload = (key: string, uploadId: string, initiatedAt: Date): MultipartUploadInfo => ({
    bucket: 'mp',
    key,
    uploadId,
    initiatedAt,
    metadata: { userMetadata: {} },
    storageClass: 'STANDARD',
  });
  store
    .get('mp')
    .uploads.push(
      upload('up/a', 'u1', ago(2 * DAY)),
      upload('up/a', 'u2', ago(DAY / 2)),
      upload('up/b', 'u3', ago(3 * DAY)),
      upload('other/c', 'u4', ago(9 * DAY)),
    );
  const report = await scanner(store).runOnce(new AbortController().signal);
  assert.deepEqual(
    store
      .get('mp')
      .uploads.map((u) => u.uploadId)
      .sort(),
    ['u2', 'u4'],
  );
  assert.equal(report.uploadsAborted, 2);
});

test('versions under legal hold or retention are left alone, whether listed as locked or refused', async () => {
  const store = new FakeStore().bucket('locked', [rule({ noncurrentVersionExpiration: { noncurrentDays: 1 } })], 'Enabled');
  const held = store.put('locked', 'k', ago(10 * DAY), { legalHold: true });
  const retained = store.put('locked', 'k', ago(9 * DAY), { retention: { mode: 'COMPLIANCE', retainUntil: new Date(NOW + 1e9) } });
  const lapsed = store.put('locked', 'k', ago(8 * DAY), { retention: { mode: 'GOVERNANCE', retainUntil: ago(1) } });
  const hidden = store.put('locked', 'k', ago(7 * DAY));
  const current = store.put('locked', 'k', ago(6 * DAY));
  store.hiddenLocks.add(hidden);
  const report = await scanner(store).runOnce(new AbortController().signal);
  assert.deepEqual(store.keys('locked'), { k: [current, hidden, retained, held] });
  assert.deepEqual(store.deletes, [`k@${lapsed}`]);
  assert.deepEqual(store.attempts, [`k@${hidden}`, `k@${lapsed}`], 'versions the listing shows locked are not even tried');
  assert.equal(report.locked, 3);
  assert.equal(report.noncurrentExpired, 1);
  assert.equal(report.errors, 0);
});

test('a failing delete is logged and the pass goes on; buckets without rules are not walked', async () => {
  const errors: string[] = [];
  const log: Logger = { ...silentLogger, error: (message, fields) => errors.push(`${message} ${String(fields?.['key'])}`) };
  const store = new FakeStore().bucket('b', [rule({ expiration: { days: 1 } })]).bucket('norules', []);
  store.get('norules').config = {};
  store.put('b', 'bad', ago(5 * DAY));
  store.put('b', 'good', ago(5 * DAY));
  store.put('norules', 'x', ago(500 * DAY));
  store.beforeDelete = (input) => {
    if (input.key === 'bad') throw new Error('disk on fire');
  };
  const report = await scanner(store, { log }).runOnce(new AbortController().signal);
  assert.deepEqual(store.keys('b'), { bad: ['null'] });
  assert.deepEqual(store.keys('norules'), { x: ['null'] });
  assert.equal(report.errors, 1);
  assert.equal(report.buckets, 1);
  assert.deepEqual(errors, ['lifecycle: action failed bad']);
});

test('an aborted pass stops between operations and rejects', async () => {
  const store = new FakeStore().bucket('plain', [rule({ expiration: { days: 1 } })]);
  for (const key of ['a', 'b', 'c', 'd']) store.put('plain', key, ago(5 * DAY));
  const controller = new AbortController();
  store.beforeDelete = () => controller.abort();
  await assert.rejects(scanner(store).runOnce(controller.signal), { name: 'AbortError' });
  assert.equal(Object.keys(store.keys('plain')).length, 3, 'the delete in flight completes, no other starts');
});

test('a paced pass waiting for its budget ends as soon as it is aborted', async () => {
  const store = new FakeStore().bucket('plain', [rule({ expiration: { days: 1 } })]);
  store.put('plain', 'a', ago(5 * DAY));
  const controller = new AbortController();
  const pass = scanner(store, { maxOpsPerSecond: 0.001 }).runOnce(controller.signal);
  setImmediate(() => controller.abort());
  await assert.rejects(pass, { name: 'AbortError' });
  assert.deepEqual(store.keys('plain'), { a: ['null'] });
});

// The timeout only turns a pass that never acts into a failure instead of a hang.
test('start() runs passes in the background until stop()', { timeout: 10_000 }, async () => {
  const store = new FakeStore().bucket('plain', [rule({ expiration: { days: 1 } })]);
  store.put('plain', 'a', ago(5 * DAY));
  let logged: (fields: unknown) => void = () => {};
  const passed = new Promise<unknown>((resolve) => {
    logged = resolve;
  });
  const worker = scanner(store, { log: { ...silentLogger, info: (_message, fields) => logged(fields) } });
  worker.start();
  const report = (await passed) as { currentExpired?: number };
  await worker.stop();
  assert.equal(report.currentExpired, 1);
  assert.deepEqual(store.keys('plain'), {});
});

test('options are checked', () => {
  const store = new FakeStore();
  assert.throws(() => scanner(store, { dayMs: 0 }), /dayMs/);
  assert.throws(() => scanner(store, { maxOpsPerSecond: 0 }), /maxOpsPerSecond/);
  assert.throws(() => scanner(store, { pageSize: 1001 }), /pageSize/);
});
