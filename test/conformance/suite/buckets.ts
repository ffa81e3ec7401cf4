// Conformance: buckets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MiB, bodyOf, metadata, never, putInput, rejectsWith, withStore, type StoreFactory } from './harness.js';

export function bucketTests(factory: StoreFactory): void {
  describe(`${factory.name}: buckets`, () => {
    it('creates, heads, lists sorted by name and deletes buckets', () =>
      withStore(factory, async ({ store }) => {
        for (const bucket of ['zeta', 'alpha', 'mid-1', 'mid.0']) await store.createBucket({ bucket, region: 'eu-west-1' }, never);
        const info = await store.headBucket('alpha', never);
        assert.equal(info.name, 'alpha');
        assert.equal(info.region, 'eu-west-1');
        assert.ok(info.createdAt instanceof Date && Math.abs(info.createdAt.getTime() - Date.now()) < 60_000);
        assert.deepEqual(
          (await store.listBuckets(never)).map((b) => b.name),
          ['alpha', 'mid-1', 'mid.0', 'zeta'],
        );
        await store.deleteBucket('mid-1', never);
        assert.deepEqual(
          (await store.listBuckets(never)).map((b) => b.name),
          ['alpha', 'mid.0', 'zeta'],
        );
        await rejectsWith(store.headBucket('mid-1', never), 'NoSuchBucket');
      }));

    it('refuses to create a bucket twice and reports missing buckets', () =>
      withStore(factory, async ({ store }) => {
        await store.createBucket({ bucket: 'once', region: 'us-east-1' }, never);
        await rejectsWith(store.createBucket({ bucket: 'once', region: 'us-east-1' }, never), 'BucketAlreadyOwnedByYou');
        await rejectsWith(store.headBucket('missing', never), 'NoSuchBucket');
        await rejectsWith(store.deleteBucket('missing', never), 'NoSuchBucket');
        await rejectsWith(store.putObject(putInput('missing', 'k', Buffer.from('x')), never), 'NoSuchBucket');
        await rejectsWith(store.getObject({ bucket: 'missing', key: 'k' }, never), 'NoSuchBucket');
        await rejectsWith(store.listObjects({ bucket: 'missing', maxKeys: 10 }, never), 'NoSuchBucket');
        await rejectsWith(store.deleteObject({ bucket: 'missing', key: 'k' }, never), 'NoSuchBucket');
        await rejectsWith(store.createMultipartUpload({ bucket: 'missing', key: 'k', metadata: metadata() }, never), 'NoSuchBucket');
      }));

    it('refuses to delete a bucket holding objects, and deletes it once they are gone', () =>
      withStore(factory, async ({ store }) => {
        await store.createBucket({ bucket: 'full', region: 'us-east-1' }, never);
        await store.putObject(putInput('full', 'a', Buffer.from('x')), never);
        await rejectsWith(store.deleteBucket('full', never), 'BucketNotEmpty');
        await store.deleteObject({ bucket: 'full', key: 'a' }, never);
        await store.deleteBucket('full', never);
        await rejectsWith(store.headBucket('full', never), 'NoSuchBucket');
      }));

    it('deletes a bucket with only in-progress multipart uploads (AWS counts objects only) and drops the uploads', () =>
      withStore(factory, async ({ store }) => {
        await store.createBucket({ bucket: 'uploads', region: 'us-east-1' }, never);
        const upload = await store.createMultipartUpload({ bucket: 'uploads', key: 'big', metadata: metadata() }, never);
        await store.uploadPart(
          { bucket: 'uploads', key: 'big', uploadId: upload.uploadId, partNumber: 1, ...bodyOf(Buffer.alloc(MiB, 1)) },
          never,
        );
        await store.deleteBucket('uploads', never);
        await store.createBucket({ bucket: 'uploads', region: 'us-east-1' }, never);
        const listed = await store.listMultipartUploads({ bucket: 'uploads', maxUploads: 10 }, never);
        assert.deepEqual(listed.uploads, []);
        await rejectsWith(
          store.listParts({ bucket: 'uploads', key: 'big', uploadId: upload.uploadId, maxParts: 10 }, never),
          'NoSuchUpload',
        );
      }));
  });
}
