// Conformance: the retries real SDKs make (they retry on timeouts and
// connection resets): a CompleteMultipartUpload re-sent after it committed,
// two uploads of one part number where the first to start finishes last,
// and bodies cut mid-way followed by the retry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChecksumAlgorithm, CompletedPartInput, ObjectStore, PartInfo } from '../../../src/storage/index.js';
import { DigestStream } from '../../../src/util/digestStream.js';
import {
  MiB,
  bodyOf,
  getBytes,
  md5Hex,
  metadata,
  never,
  newBucket,
  patternBytes,
  putInput,
  rejectsWith,
  type Body,
  type StoreFactory,
  type StoreSubject,
} from './harness.js';

const PART = 5 * MiB;

/** A body whose first `sentBytes` are available at once and the rest only on finish(); cut() fails it the way a reset connection does. */
function heldBody(bytes: Buffer, sentBytes: number, checksumAlgorithm?: ChecksumAlgorithm): Body & { finish(): void; cut(): void } {
  const digest = new DigestStream(checksumAlgorithm !== undefined ? { checksumAlgorithm } : {});
  digest.write(bytes.subarray(0, sentBytes));
  return {
    body: digest,
    digests: () => digest.result(),
    sizeBytes: bytes.length,
    finish: () => void digest.end(bytes.subarray(sentBytes)),
    cut: () => void digest.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })),
  };
}

export function retryTests(factory: StoreFactory): void {
  describe(`${factory.name}: retried requests`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    before(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    after(() => subject.dispose());

    async function upload(
      bucket: string,
      key: string,
      parts: Buffer[],
      checksumAlgorithm?: ChecksumAlgorithm,
    ): Promise<{ uploadId: string; listed: CompletedPartInput[] }> {
      const { uploadId } = await store.createMultipartUpload(
        { bucket, key, metadata: metadata(), ...(checksumAlgorithm !== undefined ? { checksumAlgorithm } : {}) },
        never,
      );
      const infos: PartInfo[] = [];
      for (const [i, bytes] of parts.entries()) {
        infos.push(
          await store.uploadPart(
            { bucket, key, uploadId, partNumber: i + 1, ...bodyOf(bytes, checksumAlgorithm !== undefined ? { checksumAlgorithm } : {}) },
            never,
          ),
        );
      }
      return {
        uploadId,
        listed: infos.map((p) => ({
          partNumber: p.partNumber,
          etag: `"${p.etag}"`,
          ...(p.checksum !== undefined ? { checksumValue: p.checksum.value } : {}),
        })),
      };
    }

    it('answers a re-sent CompleteMultipartUpload as the first one (ETag, checksum, version id), even with If-None-Match: *', async () => {
      for (const versioned of [false, true]) {
        const bucket = await newBucket(store);
        if (versioned) await store.updateBucketConfig(bucket, { versioning: 'Enabled' }, never);
        const parts = [patternBytes(PART, 1), patternBytes(1000, 2)];
        const { uploadId, listed } = await upload(bucket, 'k', parts, 'CRC32');
        const input = { bucket, key: 'k', uploadId, parts: listed, conditions: { ifNoneMatchAny: true as const } };
        const first = await store.completeMultipartUpload(input, never);
        assert.equal(first.versionId !== undefined, versioned);
        assert.deepEqual(await store.completeMultipartUpload(input, never), first, 'the retry gets the same answer');
        assert.deepEqual(
          await store.completeMultipartUpload(
            { bucket, key: 'k', uploadId, parts: listed.map(({ partNumber, etag }) => ({ partNumber, etag })) },
            never,
          ),
          first,
          'part checksums are optional',
        );
        // Still answered after a restart: the record is in the index, not in memory.
        store = await subject.reopen();
        assert.deepEqual(await store.completeMultipartUpload(input, never), first);
        assert.ok((await getBytes(store, bucket, 'k')).equals(Buffer.concat(parts)));
        // Still one object (one version), and the upload stays gone.
        const versions = await store.listObjectVersions({ bucket, maxKeys: 10 }, never);
        assert.equal(versions.versions.length, 1);
        await rejectsWith(store.listParts({ bucket, key: 'k', uploadId, maxParts: 10 }, never), 'NoSuchUpload');
        await rejectsWith(
          store.uploadPart({ bucket, key: 'k', uploadId, partNumber: 3, ...bodyOf(Buffer.from('late')) }, never),
          'NoSuchUpload',
        );
      }
    });

    it('answers NoSuchUpload to a retry naming other parts, another key, or a different whole-object checksum', async () => {
      const bucket = await newBucket(store);
      const { uploadId, listed } = await upload(bucket, 'k', [patternBytes(PART, 3), patternBytes(10, 4)], 'CRC32');
      const [p1, p2] = listed as [CompletedPartInput, CompletedPartInput];
      await store.completeMultipartUpload({ bucket, key: 'k', uploadId, parts: listed }, never);
      await rejectsWith(store.completeMultipartUpload({ bucket, key: 'k', uploadId, parts: [p1] }, never), 'NoSuchUpload');
      await rejectsWith(
        store.completeMultipartUpload({ bucket, key: 'k', uploadId, parts: [p1, { ...p2, partNumber: 3 }] }, never),
        'NoSuchUpload',
      );
      await rejectsWith(
        store.completeMultipartUpload(
          { bucket, key: 'k', uploadId, parts: [p1, { ...p2, etag: '"00000000000000000000000000000000"' }] },
          never,
        ),
        'NoSuchUpload',
      );
      await rejectsWith(
        store.completeMultipartUpload({ bucket, key: 'k', uploadId, parts: [p1, { ...p2, checksumValue: 'AAAAAA==' }] }, never),
        'NoSuchUpload',
      );
      await rejectsWith(
        store.completeMultipartUpload({ bucket, key: 'k', uploadId, parts: listed, expectedChecksum: 'AAAAAA==' }, never),
        'NoSuchUpload',
      );
      await rejectsWith(store.completeMultipartUpload({ bucket, key: 'other', uploadId, parts: listed }, never), 'NoSuchUpload');
    });

    it('answers NoSuchUpload, never a stale ETag, once the object was overwritten or deleted', async () => {
      // Unversioned: a PutObject over it; a second upload completed over it (same vsk reused in place); a delete.
      const bucket = await newBucket(store);
      const a = await upload(bucket, 'put-over', [patternBytes(100, 5)]);
      await store.completeMultipartUpload({ bucket, key: 'put-over', uploadId: a.uploadId, parts: a.listed }, never);
      await store.putObject(putInput(bucket, 'put-over', Buffer.from('newer')), never);
      await rejectsWith(
        store.completeMultipartUpload({ bucket, key: 'put-over', uploadId: a.uploadId, parts: a.listed }, never),
        'NoSuchUpload',
      );

      const b = await upload(bucket, 'mp-over', [patternBytes(100, 6)]);
      const c = await upload(bucket, 'mp-over', [patternBytes(100, 6)]); // same bytes: same ETag, other files
      const doneB = await store.completeMultipartUpload({ bucket, key: 'mp-over', uploadId: b.uploadId, parts: b.listed }, never);
      const doneC = await store.completeMultipartUpload({ bucket, key: 'mp-over', uploadId: c.uploadId, parts: c.listed }, never);
      assert.equal(doneB.etag, doneC.etag);
      await rejectsWith(
        store.completeMultipartUpload({ bucket, key: 'mp-over', uploadId: b.uploadId, parts: b.listed }, never),
        'NoSuchUpload',
      );
      assert.deepEqual(
        await store.completeMultipartUpload({ bucket, key: 'mp-over', uploadId: c.uploadId, parts: c.listed }, never),
        doneC,
      );

      const d = await upload(bucket, 'deleted', [patternBytes(100, 7)]);
      await store.completeMultipartUpload({ bucket, key: 'deleted', uploadId: d.uploadId, parts: d.listed }, never);
      await store.deleteObject({ bucket, key: 'deleted' }, never);
      await rejectsWith(
        store.completeMultipartUpload({ bucket, key: 'deleted', uploadId: d.uploadId, parts: d.listed }, never),
        'NoSuchUpload',
      );
      await rejectsWith(store.headObject({ bucket, key: 'deleted' }, never), 'NoSuchKey');

      // Versioned: a newer version, or a delete marker, makes the completed version non-current.
      const vbucket = await newBucket(store);
      await store.updateBucketConfig(vbucket, { versioning: 'Enabled' }, never);
      const e = await upload(vbucket, 'v', [patternBytes(100, 8)]);
      await store.completeMultipartUpload({ bucket: vbucket, key: 'v', uploadId: e.uploadId, parts: e.listed }, never);
      await store.putObject(putInput(vbucket, 'v', Buffer.from('v2')), never);
      await rejectsWith(
        store.completeMultipartUpload({ bucket: vbucket, key: 'v', uploadId: e.uploadId, parts: e.listed }, never),
        'NoSuchUpload',
      );
      const f = await upload(vbucket, 'm', [patternBytes(100, 9)]);
      await store.completeMultipartUpload({ bucket: vbucket, key: 'm', uploadId: f.uploadId, parts: f.listed }, never);
      await store.deleteObject({ bucket: vbucket, key: 'm' }, never);
      await rejectsWith(
        store.completeMultipartUpload({ bucket: vbucket, key: 'm', uploadId: f.uploadId, parts: f.listed }, never),
        'NoSuchUpload',
      );
      assert.equal(
        (await store.listObjectVersions({ bucket: vbucket, prefix: 'm', maxKeys: 10 }, never)).versions.length,
        2,
        'the retry made no version',
      );
    });

    it('answers concurrent copies of one CompleteMultipartUpload alike, making one object', async () => {
      const bucket = await newBucket(store);
      await store.updateBucketConfig(bucket, { versioning: 'Enabled' }, never);
      const { uploadId, listed } = await upload(bucket, 'k', [patternBytes(PART, 10), patternBytes(PART, 11), patternBytes(77, 12)]);
      const answers = await Promise.all(
        [1, 2, 3].map(() => store.completeMultipartUpload({ bucket, key: 'k', uploadId, parts: listed }, never)),
      );
      assert.deepEqual(answers[1], answers[0]);
      assert.deepEqual(answers[2], answers[0]);
      assert.equal((await store.listObjectVersions({ bucket, maxKeys: 10 }, never)).versions.length, 1);
    });

    it('keeps the part upload that finished last when two uploads of one part number overlap', async () => {
      const bucket = await newBucket(store);
      const { uploadId } = await store.createMultipartUpload({ bucket, key: 'k', metadata: metadata() }, never);
      const older = patternBytes(PART + 5, 13);
      const newer = patternBytes(PART + 9, 14);
      const slow = heldBody(older, 1000);
      const first = store.uploadPart({ bucket, key: 'k', uploadId, partNumber: 1, ...slow }, never);
      const second = await store.uploadPart({ bucket, key: 'k', uploadId, partNumber: 1, ...bodyOf(newer) }, never);
      slow.finish(); // the first request's body completes after the second request answered
      const firstInfo = await first;
      assert.equal(firstInfo.etag, md5Hex(older));
      assert.equal(second.etag, md5Hex(newer));
      const listing = await store.listParts({ bucket, key: 'k', uploadId, maxParts: 10 }, never);
      assert.deepEqual(
        listing.parts.map((p) => [p.partNumber, p.etag, p.sizeBytes]),
        [[1, firstInfo.etag, older.length]],
      );
      await rejectsWith(
        store.completeMultipartUpload({ bucket, key: 'k', uploadId, parts: [{ partNumber: 1, etag: second.etag }] }, never),
        'InvalidPart',
      );
      await store.completeMultipartUpload({ bucket, key: 'k', uploadId, parts: [{ partNumber: 1, etag: firstInfo.etag }] }, never);
      assert.ok((await getBytes(store, bucket, 'k')).equals(older));
    });

    it('stores nothing for a body cut mid-way, and exactly the retry’s bytes (UploadPart and PutObject)', async () => {
      const bucket = await newBucket(store);
      const { uploadId } = await store.createMultipartUpload({ bucket, key: 'k', metadata: metadata() }, never);
      const bytes = patternBytes(PART + 3, 15);
      const cutPart = heldBody(bytes, bytes.length >> 1);
      const failed = store.uploadPart({ bucket, key: 'k', uploadId, partNumber: 1, ...cutPart }, never);
      cutPart.cut();
      await assert.rejects(failed);
      assert.deepEqual((await store.listParts({ bucket, key: 'k', uploadId, maxParts: 10 }, never)).parts, []);
      const retried = await store.uploadPart({ bucket, key: 'k', uploadId, partNumber: 1, ...bodyOf(bytes) }, never);
      const listing = await store.listParts({ bucket, key: 'k', uploadId, maxParts: 10 }, never);
      assert.deepEqual(
        listing.parts.map((p) => [p.partNumber, p.etag, p.sizeBytes]),
        [[1, md5Hex(bytes), bytes.length]],
      );
      await store.completeMultipartUpload({ bucket, key: 'k', uploadId, parts: [{ partNumber: 1, etag: retried.etag }] }, never);
      assert.ok((await getBytes(store, bucket, 'k')).equals(bytes));

      for (const size of [1000, 3 * MiB]) {
        const put = patternBytes(size, 16);
        const cutPut = heldBody(put, size >> 1);
        const failedPut = store.putObject({ bucket, key: `put-${size}`, ...cutPut, metadata: metadata() }, never);
        cutPut.cut();
        await assert.rejects(failedPut);
        await rejectsWith(store.headObject({ bucket, key: `put-${size}` }, never), 'NoSuchKey');
        const done = await store.putObject(putInput(bucket, `put-${size}`, put), never);
        assert.equal(done.etag, md5Hex(put));
        assert.ok((await getBytes(store, bucket, `put-${size}`)).equals(put));
      }
    });
  });
}
