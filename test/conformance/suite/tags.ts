// Conformance: object tags (changed in place, without a new version) and
// bucket configuration (tags, lifecycle rules).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ObjectStore } from '../../../src/storage/index.js';
import { never, newBucket, putInput, type StoreFactory, type StoreSubject } from './harness.js';
import { newVersionedBucket, versionBodies } from './versionHelpers.js';

export function tagTests(factory: StoreFactory): void {
  describe(`${factory.name}: tags and bucket configuration`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    before(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    after(() => subject.dispose());

    const { small } = versionBodies(factory);
    const versionedBucket = (): Promise<string> => newVersionedBucket(store);

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
  });
}
