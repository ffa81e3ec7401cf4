// Conformance: the null version: the object from before versioning was
// enabled, what a Suspended bucket writes and deletes, and overwriting it in
// place whatever kind of data (inline, data file, empty, multipart) it holds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ObjectStore } from '../../../src/storage/index.js';
import { metadata, never, newBucket, putInput, type StoreFactory, type StoreSubject } from './harness.js';
import { bytesOf, versionBodies } from './versionHelpers.js';

export function nullVersionTests(factory: StoreFactory): void {
  describe(`${factory.name}: versioning, the null version`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    before(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    after(() => subject.dispose());

    const { small, large } = versionBodies(factory);

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
  });
}
