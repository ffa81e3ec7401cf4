// Conformance: object lock: a lock-enabled bucket is versioned for good;
// COMPLIANCE and GOVERNANCE retention, bypass, legal hold, and the bucket's
// default retention applied to new versions (multipart ones too).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ObjectStore } from '../../../src/storage/index.js';
import { metadata, never, newBucket, putInput, rejectsWith, type StoreFactory, type StoreSubject } from './harness.js';
import { bytesOf, versionBodies } from './versionHelpers.js';

export function objectLockTests(factory: StoreFactory): void {
  describe(`${factory.name}: object lock`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    before(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    after(() => subject.dispose());

    const { small, large } = versionBodies(factory);

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
}
