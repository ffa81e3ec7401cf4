// Conformance: completing multipart uploads: the object's bytes, ETag and
// part layout, its checksum computed from the parts, bad part lists, and
// conditional completion. Parts, aborts and listings: multipartListing.ts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ChecksumAlgorithm, ChecksumType, CompletedPartInput, ObjectStore } from '../../../src/storage/index.js';
import { checksumOf, compositeChecksum } from '../../../src/util/checksum.js';
import {
  bodyOf,
  getBytes,
  metadata,
  never,
  newBucket,
  patternBytes,
  readAll,
  rejectsWith,
  type StoreFactory,
  type StoreSubject,
} from './harness.js';
import { PART, listed, uploaderFor } from './multipartHelpers.js';

export function multipartTests(factory: StoreFactory): void {
  describe(`${factory.name}: multipart uploads`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    before(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    after(() => subject.dispose());
    const upload = uploaderFor(() => store);

    it('completes an upload: bytes, md5-of-md5s ETag, part layout, ranges across part boundaries', async () => {
      const bucket = await newBucket(store);
      const parts = [patternBytes(PART, 1), patternBytes(PART, 2), patternBytes(1234, 3)];
      const whole = Buffer.concat(parts);
      const { uploadId, infos } = await upload(bucket, 'ckpt', parts);
      const done = await store.completeMultipartUpload({ bucket, key: 'ckpt', uploadId, parts: listed(infos) }, never);
      const md5s = Buffer.concat(parts.map((p) => createHash('md5').update(p).digest()));
      assert.equal(done.etag, `${createHash('md5').update(md5s).digest('hex')}-3`);
      assert.ok((await getBytes(store, bucket, 'ckpt')).equals(whole));
      const head = await store.headObject({ bucket, key: 'ckpt' }, never);
      assert.equal(head.sizeBytes, whole.length);
      assert.equal(head.etag, done.etag);
      assert.deepEqual(head.metadata, metadata({ kind: 'mp' }));
      assert.deepEqual(
        head.parts?.map((p) => [p.partNumber, p.sizeBytes, p.etag]),
        infos.map((p) => [p.partNumber, p.sizeBytes, p.etag]),
      );
      for (const range of [
        { start: PART - 3, end: PART + 2 },
        { start: PART - 1, end: 2 * PART },
        { start: 0, end: whole.length - 1 },
        { start: 2 * PART, end: 2 * PART + 1233 },
        { start: 7, end: 7 },
      ]) {
        const got = await store.getObject({ bucket, key: 'ckpt', selectRange: () => range }, never);
        assert.ok((await readAll(got.body)).equals(whole.subarray(range.start, range.end + 1)), `range ${range.start}-${range.end}`);
      }
      // A re-sent completion (an SDK retry after a lost response) gets the same answer (suite/retries.ts).
      assert.deepEqual(await store.completeMultipartUpload({ bucket, key: 'ckpt', uploadId, parts: listed(infos) }, never), done);
      const listing = await store.listObjects({ bucket, maxKeys: 10 }, never);
      assert.deepEqual(
        listing.objects.map((o) => [o.key, o.sizeBytes, o.etag]),
        [['ckpt', whole.length, done.etag]],
      );
    });

    const checksumCases: Array<[ChecksumAlgorithm, ChecksumType | undefined, ChecksumType]> = [
      ['CRC32', undefined, 'COMPOSITE'],
      ['SHA256', 'COMPOSITE', 'COMPOSITE'],
      ['CRC32C', 'FULL_OBJECT', 'FULL_OBJECT'],
      ['CRC64NVME', undefined, 'FULL_OBJECT'],
      ['CRC32', 'FULL_OBJECT', 'FULL_OBJECT'],
    ];
    for (const [algorithm, requested, type] of checksumCases) {
      it(`computes the ${type} ${algorithm} checksum of the object from its parts`, async () => {
        const bucket = await newBucket(store);
        const parts = [patternBytes(PART, 7), patternBytes(PART + 17, 8), patternBytes(999, 9)];
        const { uploadId, infos } = await upload(bucket, 'c', parts, {
          algorithm,
          ...(requested !== undefined ? { type: requested } : {}),
        });
        const partDigests = parts.map((p) => checksumOf(algorithm, p));
        infos.forEach((info, i) => assert.equal(info.checksum?.value, partDigests[i]?.toString('base64')));
        const expected =
          type === 'COMPOSITE' ? compositeChecksum(algorithm, partDigests) : checksumOf(algorithm, Buffer.concat(parts)).toString('base64');
        await rejectsWith(
          store.completeMultipartUpload(
            {
              bucket,
              key: 'c',
              uploadId,
              parts: listed(infos),
              expectedChecksum: checksumOf(algorithm, Buffer.from('wrong')).toString('base64'),
            },
            never,
          ),
          'BadDigest',
        );
        const done = await store.completeMultipartUpload(
          {
            bucket,
            key: 'c',
            uploadId,
            parts: listed(infos).map((p, i) => ({ ...p, checksumValue: partDigests[i]?.toString('base64') ?? '' })),
            expectedChecksum: expected,
          },
          never,
        );
        assert.deepEqual(done.checksum, { algorithm, value: expected, type });
        assert.deepEqual((await store.headObject({ bucket, key: 'c' }, never)).checksum, { algorithm, value: expected, type });
        const head = await store.headObject({ bucket, key: 'c' }, never);
        assert.deepEqual(
          head.parts?.map((p) => p.checksum?.value),
          partDigests.map((d) => d.toString('base64')),
        );
      });
    }

    it('rejects bad part lists: InvalidPart, InvalidPartOrder, EntityTooSmall, a part checksum mismatch', async () => {
      const bucket = await newBucket(store);
      const { uploadId, infos } = await upload(bucket, 'bad', [patternBytes(PART, 1), patternBytes(1000, 2), patternBytes(1000, 3)], {
        algorithm: 'CRC32',
      });
      const [p1, p2, p3] = listed(infos) as [CompletedPartInput, CompletedPartInput, CompletedPartInput];
      const complete = (parts: CompletedPartInput[]): Promise<unknown> =>
        store.completeMultipartUpload({ bucket, key: 'bad', uploadId, parts }, never);
      await rejectsWith(complete([p1, { ...p2, etag: '"00000000000000000000000000000000"' }]), 'InvalidPart');
      await rejectsWith(complete([p1, { partNumber: 9, etag: p2.etag }]), 'InvalidPart');
      await rejectsWith(complete([p2, p1]), 'InvalidPartOrder');
      await rejectsWith(complete([p1, p1]), 'InvalidPartOrder');
      await rejectsWith(complete([p1, p2, p3]), 'EntityTooSmall');
      await rejectsWith(complete([p1, { ...p2, checksumValue: 'AAAAAA==' }]), 'InvalidPart');
      // The failures left the upload usable.
      const done = await store.completeMultipartUpload({ bucket, key: 'bad', uploadId, parts: [p1, p3] }, never);
      assert.match(done.etag, /^[0-9a-f]{32}-2$/);
      assert.ok((await getBytes(store, bucket, 'bad')).equals(Buffer.concat([patternBytes(PART, 1), patternBytes(1000, 3)])));
    });

    it('honours If-None-Match and If-Match on completion, keeping the upload when they fail', async () => {
      const bucket = await newBucket(store);
      await store.putObject({ bucket, key: 'cond', ...bodyOf(Buffer.from('existing')), metadata: metadata() }, never);
      const { uploadId, infos } = await upload(bucket, 'cond', [patternBytes(10, 1)]);
      await rejectsWith(
        store.completeMultipartUpload({ bucket, key: 'cond', uploadId, parts: listed(infos), conditions: { ifNoneMatchAny: true } }, never),
        'PreconditionFailed',
      );
      await rejectsWith(
        store.completeMultipartUpload({ bucket, key: 'cond', uploadId, parts: listed(infos), conditions: { ifMatchETag: 'abc' } }, never),
        'PreconditionFailed',
      );
      const existing = await store.headObject({ bucket, key: 'cond' }, never);
      await store.completeMultipartUpload(
        { bucket, key: 'cond', uploadId, parts: listed(infos), conditions: { ifMatchETag: existing.etag } },
        never,
      );
      assert.ok((await getBytes(store, bucket, 'cond')).equals(patternBytes(10, 1)));
      const second = await upload(bucket, 'fresh', [patternBytes(10, 2)]);
      await rejectsWith(
        store.completeMultipartUpload(
          { bucket, key: 'fresh', uploadId: second.uploadId, parts: listed(second.infos), conditions: { ifMatchETag: 'abc' } },
          never,
        ),
        'NoSuchKey',
      );
    });
  });
}
