// Conformance: the parts and uploads of multipart uploads in progress:
// re-uploaded and racing parts, aborts and unknown uploads, ListParts paging
// and ListMultipartUploads ordering, grouping and paging.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ObjectStore } from '../../../src/storage/index.js';
import {
  bodyOf,
  getBytes,
  metadata,
  never,
  newBucket,
  patternBytes,
  rejectsWith,
  type StoreFactory,
  type StoreSubject,
} from './harness.js';
import { PART, listed, uploaderFor } from './multipartHelpers.js';

export function multipartListingTests(factory: StoreFactory): void {
  describe(`${factory.name}: multipart parts, aborts and listings`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    before(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    after(() => subject.dispose());
    const upload = uploaderFor(() => store);

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
