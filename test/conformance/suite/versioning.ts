// Conformance: versioning (Enabled, Suspended, the null version, delete
// markers, ListObjectVersions paging), object lock (retention, legal hold,
// bypass), tags, and bucket configuration.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ObjectInfo, ObjectStore } from '../../../src/storage/index.js';
import {
  metadata,
  never,
  newBucket,
  patternBytes,
  putInput,
  readAll,
  rejectsWith,
  type StoreFactory,
  type StoreSubject,
} from './harness.js';

async function bytesOf(store: ObjectStore, bucket: string, key: string, versionId?: string): Promise<Buffer> {
  const got = await store.getObject(versionId === undefined ? { bucket, key } : { bucket, key, versionId }, never);
  return readAll(got.body);
}

/** Every version of the bucket, by paging with maxKeys. */
async function allVersions(
  store: ObjectStore,
  bucket: string,
  maxKeys: number,
  extra: { prefix?: string; delimiter?: string } = {},
): Promise<{ versions: ObjectInfo[]; prefixes: string[]; pages: number }> {
  const versions: ObjectInfo[] = [];
  const prefixes: string[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await store.listObjectVersions(
      {
        bucket,
        maxKeys,
        ...extra,
        ...(keyMarker !== undefined ? { keyMarker } : {}),
        ...(versionIdMarker !== undefined ? { versionIdMarker } : {}),
      },
      never,
    );
    versions.push(...page.versions);
    prefixes.push(...page.commonPrefixes);
    if (!page.isTruncated) return { versions, prefixes, pages };
    keyMarker = page.nextKeyMarker;
    versionIdMarker = page.nextVersionIdMarker;
  }
}

export function versioningTests(factory: StoreFactory): void {
  describe(`${factory.name}: versioning, object lock, tags`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    before(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    after(() => subject.dispose());

    const small = (n: number): Buffer => patternBytes(100 + n, n);
    const large = (n: number): Buffer => patternBytes(factory.inlineThresholdBytes + 5000 + n, n);

    async function versionedBucket(): Promise<string> {
      const bucket = await newBucket(store);
      await store.updateBucketConfig(bucket, { versioning: 'Enabled' }, never);
      return bucket;
    }

    it('keeps every overwrite in an Enabled bucket, each readable by id, newest first', async () => {
      const bucket = await versionedBucket();
      assert.equal((await store.getBucketConfig(bucket, never)).versioning, 'Enabled');
      const ids: string[] = [];
      const bodies = [small(1), large(2), small(3)];
      for (const body of bodies) {
        const put = await store.putObject(putInput(bucket, 'data.bin', body), never);
        assert.ok(put.versionId !== undefined && put.versionId !== 'null');
        ids.push(put.versionId);
      }
      assert.equal(new Set(ids).size, 3);
      assert.deepEqual(await bytesOf(store, bucket, 'data.bin'), bodies[2]);
      for (const [i, id] of ids.entries()) assert.deepEqual(await bytesOf(store, bucket, 'data.bin', id), bodies[i]);
      const listed = await store.listObjectVersions({ bucket, maxKeys: 1000 }, never);
      assert.deepEqual(
        listed.versions.map((v) => v.versionId),
        [...ids].reverse(),
      );
      assert.deepEqual(
        listed.versions.map((v) => v.isLatest),
        [true, false, false],
      );
      // ListObjects still shows one object.
      assert.equal((await store.listObjects({ bucket, maxKeys: 1000 }, never)).objects.length, 1);
    });

    it('puts a delete marker on DELETE; deleting the marker brings the object back', async () => {
      const bucket = await versionedBucket();
      const put = await store.putObject(putInput(bucket, 'k', small(4)), never);
      const deleted = await store.deleteObject({ bucket, key: 'k' }, never);
      assert.equal(deleted.deleteMarker, true);
      assert.ok(deleted.versionId !== undefined && deleted.versionId !== put.versionId);
      await assert.rejects(store.getObject({ bucket, key: 'k' }, never), (err: unknown) => {
        const e = err as { code: string; details: { deleteMarker?: boolean; versionId?: string } };
        assert.equal(e.code, 'NoSuchKey');
        assert.equal(e.details.deleteMarker, true);
        assert.equal(e.details.versionId, deleted.versionId);
        return true;
      });
      await rejectsWith(store.headObject({ bucket, key: 'k', versionId: deleted.versionId! }, never), 'VersionIsDeleteMarker');
      assert.deepEqual(await bytesOf(store, bucket, 'k', put.versionId!), small(4));
      assert.equal((await store.listObjects({ bucket, maxKeys: 10 }, never)).objects.length, 0);
      const listed = await store.listObjectVersions({ bucket, maxKeys: 10 }, never);
      assert.deepEqual(
        listed.versions.map((v) => [v.deleteMarker === true, v.isLatest]),
        [
          [true, true],
          [false, false],
        ],
      );
      const undone = await store.deleteObject({ bucket, key: 'k', versionId: deleted.versionId! }, never);
      assert.deepEqual(undone, { deleted: true, versionId: deleted.versionId, deleteMarker: true });
      assert.deepEqual(await bytesOf(store, bucket, 'k'), small(4));
      // A bucket holding versions is not empty.
      await store.deleteObject({ bucket, key: 'k' }, never);
      await rejectsWith(store.deleteBucket(bucket, never), 'BucketNotEmpty');
    });

    it('removes a version for good by id; the next one becomes current', async () => {
      const bucket = await versionedBucket();
      const v1 = await store.putObject(putInput(bucket, 'k', large(5)), never);
      const v2 = await store.putObject(putInput(bucket, 'k', small(6)), never);
      await store.deleteObject({ bucket, key: 'k', versionId: v2.versionId! }, never);
      assert.deepEqual(await bytesOf(store, bucket, 'k'), large(5));
      assert.equal((await store.headObject({ bucket, key: 'k' }, never)).versionId, v1.versionId);
      assert.deepEqual(await store.deleteObject({ bucket, key: 'k', versionId: v2.versionId! }, never), {
        deleted: false,
        versionId: v2.versionId,
      });
      await store.deleteObject({ bucket, key: 'k', versionId: v1.versionId! }, never);
      await rejectsWith(store.headObject({ bucket, key: 'k' }, never), 'NoSuchKey');
      await store.deleteBucket(bucket, never);
    });

    it('keeps the pre-versioning object as the null version, and Suspended replaces only the null version', async () => {
      const bucket = await newBucket(store);
      const plain = await store.putObject(putInput(bucket, 'k', small(7)), never);
      assert.equal(plain.versionId, undefined);
      await store.updateBucketConfig(bucket, { versioning: 'Enabled' }, never);
      const v1 = await store.putObject(putInput(bucket, 'k', small(8)), never);
      assert.deepEqual(await bytesOf(store, bucket, 'k', 'null'), small(7));
      await store.updateBucketConfig(bucket, { versioning: 'Suspended' }, never);
      const s1 = await store.putObject(putInput(bucket, 'k', large(9)), never);
      assert.equal(s1.versionId, 'null');
      const s2 = await store.putObject(putInput(bucket, 'k', small(10)), never);
      assert.equal(s2.versionId, 'null');
      const listed = await store.listObjectVersions({ bucket, maxKeys: 10 }, never);
      assert.deepEqual(
        listed.versions.map((v) => v.versionId),
        ['null', v1.versionId],
      );
      assert.deepEqual(await bytesOf(store, bucket, 'k', 'null'), small(10));
      assert.deepEqual(await bytesOf(store, bucket, 'k', v1.versionId!), small(8));
      // DELETE in a Suspended bucket: a null delete marker in place of the null version.
      const marker = await store.deleteObject({ bucket, key: 'k' }, never);
      assert.deepEqual(marker, { deleted: true, versionId: 'null', deleteMarker: true });
      const after = await store.listObjectVersions({ bucket, maxKeys: 10 }, never);
      assert.deepEqual(
        after.versions.map((v) => [v.versionId, v.deleteMarker === true]),
        [
          ['null', true],
          [v1.versionId, false],
        ],
      );
    });

    it('overwrites the null version in place, whatever kind of data it held before and after', async () => {
      const bucket = await newBucket(store);
      const multipart = async (bytes: Buffer): Promise<void> => {
        const upload = await store.createMultipartUpload({ bucket, key: 'k', metadata: metadata() }, never);
        const { body, digests, sizeBytes } = putInput(bucket, 'k', bytes);
        const part = await store.uploadPart(
          { bucket, key: 'k', uploadId: upload.uploadId, partNumber: 1, body, digests, ...(sizeBytes !== undefined ? { sizeBytes } : {}) },
          never,
        );
        await store.completeMultipartUpload(
          { bucket, key: 'k', uploadId: upload.uploadId, parts: [{ partNumber: 1, etag: part.etag }] },
          never,
        );
      };
      for (const body of [
        small(1),
        large(2),
        Buffer.alloc(0),
        small(3),
        small(4),
        large(5),
        'multipart',
        'multipart',
        large(6),
        small(7),
      ] as const) {
        if (body === 'multipart') {
          const bytes = large(8);
          await multipart(bytes);
          assert.deepEqual(await bytesOf(store, bucket, 'k'), bytes);
          assert.equal((await store.headObject({ bucket, key: 'k' }, never)).parts?.length, 1);
          continue;
        }
        await store.putObject(putInput(bucket, 'k', body), never);
        assert.deepEqual(await bytesOf(store, bucket, 'k'), body);
        assert.deepEqual(await bytesOf(store, bucket, 'k', 'null'), body);
        const listed = await store.listObjectVersions({ bucket, maxKeys: 10 }, never);
        assert.deepEqual(
          listed.versions.map((v) => [v.versionId, v.sizeBytes, v.deleteMarker === true]),
          [['null', body.length, false]],
        );
      }
      // A null delete marker on top (Suspended): the next PUT replaces the marker.
      await store.updateBucketConfig(bucket, { versioning: 'Suspended' }, never);
      await store.deleteObject({ bucket, key: 'k' }, never);
      await store.putObject(putInput(bucket, 'k', small(9)), never);
      const listed = await store.listObjectVersions({ bucket, maxKeys: 10 }, never);
      assert.deepEqual(
        listed.versions.map((v) => [v.versionId, v.deleteMarker === true]),
        [['null', false]],
      );
      assert.deepEqual(await bytesOf(store, bucket, 'k'), small(9));
    });

    it('pages ListObjectVersions with key and version markers, prefix and delimiter', async () => {
      const bucket = await versionedBucket();
      const expected: string[] = [];
      for (const key of ['a', 'b/1', 'b/2', 'c']) {
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) ids.push((await store.putObject(putInput(bucket, key, small(i)), never)).versionId!);
        expected.push(...ids.reverse().map((id) => `${key}@${id}`));
      }
      for (const maxKeys of [1, 2, 4, 1000]) {
        const { versions } = await allVersions(store, bucket, maxKeys);
        assert.deepEqual(
          versions.map((v) => `${v.key}@${v.versionId}`),
          expected,
          `maxKeys ${maxKeys}`,
        );
        assert.equal(versions.filter((v) => v.isLatest === true).length, 4, `maxKeys ${maxKeys}`);
      }
      const rolled = await allVersions(store, bucket, 2, { delimiter: '/' });
      assert.deepEqual(rolled.prefixes, ['b/']);
      assert.deepEqual([...new Set(rolled.versions.map((v) => v.key))], ['a', 'c']);
      const under = await allVersions(store, bucket, 1000, { prefix: 'b/' });
      assert.equal(under.versions.length, 6);
      // A key marker alone resumes after every version of that key.
      const after = await store.listObjectVersions({ bucket, maxKeys: 1000, keyMarker: 'b/1' }, never);
      assert.equal(after.versions[0]?.key, 'b/2');
    });

    it('costs a page, not the bucket: ListObjectVersions skips rolled-up prefixes and starts at its markers', async (t) => {
      const visited = subject.entriesVisited;
      if (visited === undefined) return t.skip('this store does not count the index entries it visits');
      const bucket = await versionedBucket();
      // 400 keys side by side, each key's 3 versions in order (on 6 drives a put waits for 6 index syncs).
      const put3 = async (key: string): Promise<void> => {
        for (let v = 0; v < 3; v++) await store.putObject(putInput(bucket, key, small(v)), never);
      };
      await Promise.all(
        Array.from({ length: 400 }, (_, i) => put3(`d${String(Math.floor(i / 20)).padStart(2, '0')}/f${String(i % 20).padStart(2, '0')}`)),
      );
      const walks = factory.indexWalksPerPage ?? 1;
      const cost = async (
        input: Omit<Parameters<ObjectStore['listObjectVersions']>[0], 'bucket'>,
      ): Promise<{ count: number; entries: number }> => {
        const before = visited();
        const page = await store.listObjectVersions({ bucket, ...input }, never);
        return { count: page.versions.length + page.commonPrefixes.length, entries: visited() - before };
      };
      const top = await cost({ delimiter: '/', maxKeys: 1000 });
      assert.equal(top.count, 20);
      assert.ok(top.entries <= 21 * walks, `top level visited ${top.entries} entries for 20 prefixes over 1200 versions`);
      const paged = await cost({ prefix: 'd07/', maxKeys: 10, keyMarker: 'd07/f10' });
      assert.equal(paged.count, 10);
      assert.ok(paged.entries <= 11 * walks, `a page of 10 visited ${paged.entries}`);
    });

    it('stores tags and reports them; tags change without a new version', async () => {
      const bucket = await versionedBucket();
      const put = await store.putObject(putInput(bucket, 't', small(11), { tags: [{ key: 'project', value: 'llm' }] }), never);
      assert.deepEqual((await store.headObject({ bucket, key: 't' }, never)).tags, [{ key: 'project', value: 'llm' }]);
      const updated = await store.updateObject(
        {
          bucket,
          key: 't',
          tags: [
            { key: 'stage', value: 'train' },
            { key: 'x', value: '' },
          ],
        },
        never,
      );
      assert.equal(updated.versionId, put.versionId);
      assert.deepEqual((await store.headObject({ bucket, key: 't', versionId: put.versionId! }, never)).tags, [
        { key: 'stage', value: 'train' },
        { key: 'x', value: '' },
      ]);
      await store.updateObject({ bucket, key: 't', tags: null }, never);
      assert.equal((await store.headObject({ bucket, key: 't' }, never)).tags, undefined);
      assert.equal((await store.listObjectVersions({ bucket, maxKeys: 10 }, never)).versions.length, 1);
    });

    it('keeps bucket tags and lifecycle configuration', async () => {
      const bucket = await newBucket(store);
      assert.deepEqual(await store.getBucketConfig(bucket, never), {});
      await store.updateBucketConfig(bucket, { tags: [{ key: 'team', value: 'ml' }] }, never);
      const date = new Date('2030-01-01T00:00:00.000Z');
      const lifecycle = {
        rules: [
          { id: 'r1', enabled: true, filter: { prefix: 'tmp/' }, expiration: { date } },
          { id: 'r2', enabled: false, filter: {}, noncurrentVersionExpiration: { noncurrentDays: 3, newerNoncurrentVersions: 2 } },
        ],
      };
      await store.updateBucketConfig(bucket, { lifecycle }, never);
      const config = await store.getBucketConfig(bucket, never);
      assert.deepEqual(config.tags, [{ key: 'team', value: 'ml' }]);
      assert.deepEqual(config.lifecycle, lifecycle);
      await store.updateBucketConfig(bucket, { tags: null, lifecycle: null }, never);
      assert.deepEqual(await store.getBucketConfig(bucket, never), {});
    });

    describe('object lock', () => {
      let bucket: string;
      before(async () => {
        bucket = `lock-${Math.random().toString(36).slice(2, 10)}`;
        await store.createBucket({ bucket, region: 'us-east-1', objectLockEnabled: true }, never);
      });
      const inDays = (days: number): Date => new Date(Date.now() + days * 86_400_000);

      it('creates the bucket versioned for good', async () => {
        const config = await store.getBucketConfig(bucket, never);
        assert.equal(config.versioning, 'Enabled');
        assert.deepEqual(config.objectLock, { enabled: true });
        await rejectsWith(store.updateBucketConfig(bucket, { versioning: 'Suspended' }, never), 'InvalidBucketState');
      });

      it('refuses lock settings on a bucket without object lock', async () => {
        const plain = await newBucket(store);
        await rejectsWith(
          store.putObject(putInput(plain, 'x', small(1), { retention: { mode: 'GOVERNANCE', retainUntil: inDays(1) } }), never),
          'InvalidRequest',
        );
        await store.putObject(putInput(plain, 'x', small(1)), never);
        await rejectsWith(store.updateObject({ bucket: plain, key: 'x', legalHold: true }, never), 'InvalidRequest');
        await rejectsWith(store.updateBucketConfig(plain, { objectLock: { enabled: true } }, never), 'InvalidBucketState');
      });

      it('COMPLIANCE: nobody deletes the version before its date; it can be extended, never shortened', async () => {
        const until = inDays(2);
        const put = await store.putObject(
          putInput(bucket, 'ckpt', large(12), { retention: { mode: 'COMPLIANCE', retainUntil: until } }),
          never,
        );
        const info = await store.headObject({ bucket, key: 'ckpt' }, never);
        assert.deepEqual(info.retention, { mode: 'COMPLIANCE', retainUntil: until });
        await rejectsWith(store.deleteObject({ bucket, key: 'ckpt', versionId: put.versionId! }, never), 'ObjectLocked');
        await rejectsWith(
          store.deleteObject({ bucket, key: 'ckpt', versionId: put.versionId!, bypassGovernance: true }, never),
          'ObjectLocked',
        );
        await rejectsWith(
          store.updateObject({ bucket, key: 'ckpt', retention: { mode: 'COMPLIANCE', retainUntil: inDays(1) } }, never),
          'ObjectLocked',
        );
        await rejectsWith(store.updateObject({ bucket, key: 'ckpt', retention: null, bypassGovernance: true }, never), 'ObjectLocked');
        await rejectsWith(
          store.updateObject({ bucket, key: 'ckpt', retention: { mode: 'GOVERNANCE', retainUntil: inDays(3) } }, never),
          'ObjectLocked',
        );
        await store.updateObject({ bucket, key: 'ckpt', retention: { mode: 'COMPLIANCE', retainUntil: inDays(5) } }, never);
        // A plain DELETE only adds a delete marker; the locked version stays readable by id.
        await store.deleteObject({ bucket, key: 'ckpt' }, never);
        assert.deepEqual(await bytesOf(store, bucket, 'ckpt', put.versionId!), large(12));
      });

      it('GOVERNANCE: refused, unless bypassed', async () => {
        const put = await store.putObject(
          putInput(bucket, 'gov', small(13), { retention: { mode: 'GOVERNANCE', retainUntil: inDays(1) } }),
          never,
        );
        await rejectsWith(store.deleteObject({ bucket, key: 'gov', versionId: put.versionId! }, never), 'ObjectLocked');
        await rejectsWith(store.updateObject({ bucket, key: 'gov', retention: null }, never), 'ObjectLocked');
        await store.updateObject({ bucket, key: 'gov', retention: { mode: 'GOVERNANCE', retainUntil: inDays(2) } }, never);
        assert.deepEqual(await store.deleteObject({ bucket, key: 'gov', versionId: put.versionId!, bypassGovernance: true }, never), {
          deleted: true,
          versionId: put.versionId,
        });
      });

      it('legal hold blocks deletion until released, whatever the retention', async () => {
        const put = await store.putObject(putInput(bucket, 'held', small(14), { legalHold: true }), never);
        assert.equal((await store.headObject({ bucket, key: 'held' }, never)).legalHold, true);
        await rejectsWith(
          store.deleteObject({ bucket, key: 'held', versionId: put.versionId!, bypassGovernance: true }, never),
          'ObjectLocked',
        );
        await store.updateObject({ bucket, key: 'held', legalHold: false }, never);
        assert.equal((await store.headObject({ bucket, key: 'held' }, never)).legalHold, false);
        await store.deleteObject({ bucket, key: 'held', versionId: put.versionId! }, never);
      });

      it('applies the default retention to new versions, including multipart ones', async () => {
        await store.updateBucketConfig(bucket, { objectLock: { enabled: true, defaultRetention: { mode: 'GOVERNANCE', days: 1 } } }, never);
        const put = await store.putObject(putInput(bucket, 'default', small(15)), never);
        const info = await store.headObject({ bucket, key: 'default' }, never);
        assert.equal(info.retention?.mode, 'GOVERNANCE');
        const untilMs = info.retention!.retainUntil.getTime();
        assert.ok(Math.abs(untilMs - (info.lastModified.getTime() + 86_400_000)) < 60_000);
        await rejectsWith(store.deleteObject({ bucket, key: 'default', versionId: put.versionId! }, never), 'ObjectLocked');
        const upload = await store.createMultipartUpload(
          { bucket, key: 'mpu', metadata: metadata(), tags: [{ key: 'a', value: 'b' }] },
          never,
        );
        const { body, digests, sizeBytes } = putInput(bucket, 'mpu', small(16));
        const part = await store.uploadPart(
          {
            bucket,
            key: 'mpu',
            uploadId: upload.uploadId,
            partNumber: 1,
            body,
            digests,
            ...(sizeBytes !== undefined ? { sizeBytes } : {}),
          },
          never,
        );
        const done = await store.completeMultipartUpload(
          { bucket, key: 'mpu', uploadId: upload.uploadId, parts: [{ partNumber: 1, etag: part.etag }] },
          never,
        );
        assert.ok(done.versionId !== undefined && done.versionId !== 'null');
        const mpu = await store.headObject({ bucket, key: 'mpu' }, never);
        assert.equal(mpu.retention?.mode, 'GOVERNANCE');
        assert.deepEqual(mpu.tags, [{ key: 'a', value: 'b' }]);
        await store.updateBucketConfig(bucket, { objectLock: { enabled: true } }, never);
      });
    });

    it('survives a restart with every version, marker and attribute', async () => {
      const bucket = await versionedBucket();
      const v1 = await store.putObject(putInput(bucket, 'r', large(17), { tags: [{ key: 'k', value: 'v' }] }), never);
      await store.deleteObject({ bucket, key: 'r' }, never);
      store = await subject.reopen();
      const listed = await store.listObjectVersions({ bucket, maxKeys: 10 }, never);
      assert.deepEqual(
        listed.versions.map((v) => v.deleteMarker === true),
        [true, false],
      );
      assert.deepEqual(await bytesOf(store, bucket, 'r', v1.versionId!), large(17));
      assert.deepEqual((await store.headObject({ bucket, key: 'r', versionId: v1.versionId! }, never)).tags, [{ key: 'k', value: 'v' }]);
    });
  });
}
