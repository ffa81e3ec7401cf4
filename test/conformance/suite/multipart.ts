// Conformance: multipart uploads.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ChecksumAlgorithm, ChecksumType, CompletedPartInput, ObjectStore, PartInfo } from '../../../src/storage/index.js';
import { checksumOf, compositeChecksum } from '../../../src/util/checksum.js';
import {
  MiB,
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

const PART = 5 * MiB;

export function multipartTests(factory: StoreFactory): void {
  describe(`${factory.name}: multipart uploads`, () => {
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
      checksum?: { algorithm: ChecksumAlgorithm; type?: ChecksumType },
    ): Promise<{ uploadId: string; infos: PartInfo[] }> {
      const created = await store.createMultipartUpload(
        {
          bucket,
          key,
          metadata: metadata({ kind: 'mp' }),
          ...(checksum !== undefined
            ? { checksumAlgorithm: checksum.algorithm, ...(checksum.type !== undefined ? { checksumType: checksum.type } : {}) }
            : {}),
        },
        never,
      );
      const infos = await Promise.all(
        parts.map((bytes, i) =>
          store.uploadPart(
            {
              bucket,
              key,
              uploadId: created.uploadId,
              partNumber: i + 1,
              ...bodyOf(bytes, checksum !== undefined ? { checksumAlgorithm: checksum.algorithm } : {}),
            },
            never,
          ),
        ),
      );
      return { uploadId: created.uploadId, infos };
    }
    const listed = (infos: PartInfo[]): CompletedPartInput[] => infos.map((p) => ({ partNumber: p.partNumber, etag: `"${p.etag}"` }));

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

    it('replaces a re-uploaded part, also when two uploads of one part number race', async () => {
      const bucket = await newBucket(store);
      const { uploadId } = await upload(bucket, 're', [patternBytes(100, 1)]);
      const second = await store.uploadPart({ bucket, key: 're', uploadId, partNumber: 1, ...bodyOf(patternBytes(PART, 2)) }, never);
      const racing = await Promise.all(
        [3, 4].map((seed) => store.uploadPart({ bucket, key: 're', uploadId, partNumber: 2, ...bodyOf(patternBytes(300, seed)) }, never)),
      );
      const parts = await store.listParts({ bucket, key: 're', uploadId, maxParts: 10 }, never);
      assert.deepEqual(
        parts.parts.map((p) => p.partNumber),
        [1, 2],
      );
      assert.equal(parts.parts[0]?.etag, second.etag);
      const winner = racing.find((r) => r.etag === parts.parts[1]?.etag);
      assert.ok(winner !== undefined, 'the stored part 2 is one of the two racing uploads');
      await store.completeMultipartUpload(
        {
          bucket,
          key: 're',
          uploadId,
          parts: [
            { partNumber: 1, etag: second.etag },
            { partNumber: 2, etag: winner.etag },
          ],
        },
        never,
      );
      const expected = Buffer.concat([patternBytes(PART, 2), patternBytes(300, racing.indexOf(winner) === 0 ? 3 : 4)]);
      assert.ok((await getBytes(store, bucket, 're')).equals(expected));
    });

    it('aborts an upload; unknown uploads are NoSuchUpload', async () => {
      const bucket = await newBucket(store);
      const { uploadId, infos } = await upload(bucket, 'ab', [patternBytes(100, 1)]);
      await store.abortMultipartUpload({ bucket, key: 'ab', uploadId }, never);
      await rejectsWith(store.abortMultipartUpload({ bucket, key: 'ab', uploadId }, never), 'NoSuchUpload');
      await rejectsWith(store.listParts({ bucket, key: 'ab', uploadId, maxParts: 10 }, never), 'NoSuchUpload');
      await rejectsWith(
        store.uploadPart({ bucket, key: 'ab', uploadId, partNumber: 2, ...bodyOf(Buffer.from('x')) }, never),
        'NoSuchUpload',
      );
      await rejectsWith(store.completeMultipartUpload({ bucket, key: 'ab', uploadId, parts: listed(infos) }, never), 'NoSuchUpload');
      await rejectsWith(
        store.uploadPart({ bucket, key: 'ab', uploadId: 'not-an-upload', partNumber: 1, ...bodyOf(Buffer.from('x')) }, never),
        'NoSuchUpload',
      );
      const other = await upload(bucket, 'other-key', [patternBytes(10, 1)]);
      await rejectsWith(store.listParts({ bucket, key: 'ab', uploadId: other.uploadId, maxParts: 10 }, never), 'NoSuchUpload');
      await rejectsWith(store.headObject({ bucket, key: 'ab' }, never), 'NoSuchKey');
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

    it('pages through parts with partNumberMarker and maxParts', async () => {
      const bucket = await newBucket(store);
      const { uploadId } = await upload(
        bucket,
        'many',
        Array.from({ length: 12 }, (_, i) => patternBytes(10 + i, i)),
      );
      const seen: number[] = [];
      let marker: number | undefined;
      for (;;) {
        const page = await store.listParts(
          { bucket, key: 'many', uploadId, maxParts: 5, ...(marker !== undefined ? { partNumberMarker: marker } : {}) },
          never,
        );
        assert.ok(page.parts.length <= 5);
        assert.equal(page.upload.uploadId, uploadId);
        seen.push(...page.parts.map((p) => p.partNumber));
        if (!page.isTruncated) break;
        marker = page.nextPartNumberMarker;
      }
      assert.deepEqual(
        seen,
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
      const sizes = (await store.listParts({ bucket, key: 'many', uploadId, maxParts: 1000, partNumberMarker: 10 }, never)).parts.map(
        (p) => p.sizeBytes,
      );
      assert.deepEqual(sizes, [20, 21]);
    });

    it('lists uploads by key then initiation time, with prefix, delimiter, markers and paging', async () => {
      const bucket = await newBucket(store);
      const ids: Array<[string, string]> = [];
      for (const key of ['b/2', 'a', 'b/1', 'a', 'c', 'b/1']) {
        ids.push([key, (await store.createMultipartUpload({ bucket, key, metadata: metadata() }, never)).uploadId]);
        await new Promise((resolve) => setTimeout(resolve, 2)); // distinct initiation times
      }
      const expected = [...ids].sort((x, y) => (x[0] === y[0] ? 0 : x[0] < y[0] ? -1 : 1)).map(([key, id]) => `${key} ${id}`);
      const all = await store.listMultipartUploads({ bucket, maxUploads: 100 }, never);
      assert.deepEqual(
        all.uploads.map((u) => `${u.key} ${u.uploadId}`),
        expected,
      );
      assert.equal(all.isTruncated, false);
      for (const id of ids) assert.match(id[1], /^[A-Za-z0-9_-]+$/);

      const paged: string[] = [];
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      for (;;) {
        const page = await store.listMultipartUploads(
          {
            bucket,
            maxUploads: 2,
            ...(keyMarker !== undefined ? { keyMarker } : {}),
            ...(uploadIdMarker !== undefined ? { uploadIdMarker } : {}),
          },
          never,
        );
        paged.push(...page.uploads.map((u) => `${u.key} ${u.uploadId}`));
        if (!page.isTruncated) break;
        keyMarker = page.nextKeyMarker;
        uploadIdMarker = page.nextUploadIdMarker;
      }
      assert.deepEqual(paged, expected);

      const afterA = await store.listMultipartUploads({ bucket, keyMarker: 'a', maxUploads: 100 }, never);
      assert.deepEqual(
        afterA.uploads.map((u) => u.key),
        ['b/1', 'b/1', 'b/2', 'c'],
      );
      const grouped = await store.listMultipartUploads({ bucket, delimiter: '/', maxUploads: 100 }, never);
      assert.deepEqual(grouped.commonPrefixes, ['b/']);
      assert.deepEqual(
        grouped.uploads.map((u) => u.key),
        ['a', 'a', 'c'],
      );
      const underB = await store.listMultipartUploads({ bucket, prefix: 'b/', maxUploads: 100 }, never);
      assert.deepEqual(
        underB.uploads.map((u) => u.key),
        ['b/1', 'b/1', 'b/2'],
      );
      const pagedGroups = await store.listMultipartUploads({ bucket, delimiter: '/', maxUploads: 3 }, never);
      assert.deepEqual(
        [pagedGroups.uploads.length, pagedGroups.commonPrefixes, pagedGroups.isTruncated, pagedGroups.nextKeyMarker],
        [2, ['b/'], true, 'b/'],
      );
      const rest = await store.listMultipartUploads({ bucket, delimiter: '/', maxUploads: 3, keyMarker: 'b/' }, never);
      assert.deepEqual(
        rest.uploads.map((u) => u.key),
        ['c'],
      );
    });
  });
}
