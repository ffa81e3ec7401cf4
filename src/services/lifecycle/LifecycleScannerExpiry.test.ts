// What a pass removes when it is due: current and noncurrent versions, lone
// delete markers, stale multipart uploads; and what it keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MultipartUploadInfo } from '../../storage/index.js';
import { NOW, DAY, ago, FakeStore, rule, scanner } from './LifecycleScanner.fixtures.js';

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
