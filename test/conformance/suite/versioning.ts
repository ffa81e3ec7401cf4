// Conformance: versioning (Enabled buckets keep every overwrite, delete
// markers, removing a version by id), ListObjectVersions paging and its cost,
// and versions surviving a restart. The null version, object lock and tags
// have their own suites (nullVersion.ts, objectLock.ts, tags.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ObjectStore } from '../../../src/storage/index.js';
import { never, putInput, rejectsWith, type StoreFactory, type StoreSubject } from './harness.js';
import { allVersions, bytesOf, newVersionedBucket, versionBodies } from './versionHelpers.js';

export function versioningTests(factory: StoreFactory): void {
  describe(`${factory.name}: versioning`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    before(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    after(() => subject.dispose());

    const { small, large } = versionBodies(factory);
    const versionedBucket = (): Promise<string> => newVersionedBucket(store);

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
