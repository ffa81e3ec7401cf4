// Conformance: failing bodies, aborts, and durability across a reopen.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Readable } from 'node:stream';
import type { BodyDigests, ObjectStore } from '../../../src/storage/index.js';
import { DigestMismatchError } from '../../../src/util/digestStream.js';
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
  readAll,
  rejectsWith,
  withStore,
  type StoreFactory,
  type StoreSubject,
} from './harness.js';

/** A body that yields `bytes` and then fails with `error` (or stalls forever when error is undefined). */
function failingBody(bytes: Buffer, error: Error | undefined): { body: Readable; digests: () => BodyDigests } {
  let sent = false;
  const body = new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(bytes);
        if (error !== undefined) setImmediate(() => this.destroy(error));
      }
    },
  });
  return {
    body,
    digests: () => {
      throw new Error('digests() must not be called for a failed body');
    },
  };
}

export function failureTests(factory: StoreFactory): void {
  describe(`${factory.name}: failures commit nothing`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    before(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    after(() => subject.dispose());

    for (const sizeBytes of [1000, factory.inlineThresholdBytes + 1, 3 * MiB]) {
      it(`propagates a body error unchanged and keeps the previous object (${sizeBytes} bytes sent)`, async () => {
        const bucket = await newBucket(store);
        const previous = await store.putObject(putInput(bucket, 'k', Buffer.from('previous')), never);
        const failure = new Error('client went away');
        for (const declared of [undefined, sizeBytes * 2]) {
          const input = {
            bucket,
            key: 'k',
            ...failingBody(patternBytes(sizeBytes, 1), failure),
            metadata: metadata(),
            ...(declared !== undefined ? { sizeBytes: declared } : {}),
          };
          await assert.rejects(store.putObject(input, never), (err) => err === failure);
          const fresh = { bucket, key: 'fresh', ...failingBody(patternBytes(sizeBytes, 1), failure), metadata: metadata() };
          await assert.rejects(store.putObject(fresh, never), (err) => err === failure);
        }
        assert.equal((await store.headObject({ bucket, key: 'k' }, never)).etag, previous.etag);
        await rejectsWith(store.headObject({ bucket, key: 'fresh' }, never), 'NoSuchKey');
      });
    }

    it('propagates a DigestMismatchError from the digest stream unchanged', async () => {
      const bucket = await newBucket(store);
      for (const bytes of [patternBytes(10, 1), patternBytes(2 * MiB, 2)]) {
        const body = bodyOf(bytes, { digest: { expectedMd5: Buffer.alloc(16) } });
        await assert.rejects(
          store.putObject({ bucket, key: 'md5', ...body, metadata: metadata() }, never),
          (err) => err instanceof DigestMismatchError && err.kind === 'BadDigest',
        );
        await rejectsWith(store.headObject({ bucket, key: 'md5' }, never), 'NoSuchKey');
      }
      const upload = await store.createMultipartUpload({ bucket, key: 'mp', metadata: metadata() }, never);
      const badPart = bodyOf(patternBytes(100, 3), { digest: { expectedMd5: Buffer.alloc(16) } });
      await assert.rejects(
        store.uploadPart({ bucket, key: 'mp', uploadId: upload.uploadId, partNumber: 1, ...badPart }, never),
        (err) => err instanceof DigestMismatchError,
      );
      assert.deepEqual((await store.listParts({ bucket, key: 'mp', uploadId: upload.uploadId, maxParts: 10 }, never)).parts, []);
    });

    it('refuses a body shorter or longer than its declared size (IncompleteBody)', async () => {
      const bucket = await newBucket(store);
      for (const bytes of [patternBytes(100, 1), patternBytes(3 * MiB, 2)]) {
        for (const declared of [bytes.length - 1, bytes.length + 1]) {
          const body = Readable.from([bytes]);
          await rejectsWith(
            store.putObject(
              {
                bucket,
                key: 'short',
                body,
                digests: () => ({ md5: Buffer.alloc(16), sizeBytes: bytes.length }),
                sizeBytes: declared,
                metadata: metadata(),
              },
              never,
            ),
            'IncompleteBody',
          );
        }
      }
      await rejectsWith(store.headObject({ bucket, key: 'short' }, never), 'NoSuchKey');
    });

    for (const sizeBytes of [100, 2 * MiB]) {
      it(`commits nothing when the signal aborts mid-write (${sizeBytes} bytes sent)`, async () => {
        const bucket = await newBucket(store);
        const controller = new AbortController();
        const stalled = failingBody(patternBytes(sizeBytes, 5), undefined);
        const writing = store.putObject({ bucket, key: 'aborted', ...stalled, metadata: metadata() }, controller.signal);
        setTimeout(() => controller.abort(new Error('request aborted')), 20);
        await assert.rejects(writing);
        await rejectsWith(store.headObject({ bucket, key: 'aborted' }, never), 'NoSuchKey');
        const upload = await store.createMultipartUpload({ bucket, key: 'aborted-mp', metadata: metadata() }, never);
        const partController = new AbortController();
        const part = store.uploadPart(
          { bucket, key: 'aborted-mp', uploadId: upload.uploadId, partNumber: 1, ...failingBody(patternBytes(sizeBytes, 6), undefined) },
          partController.signal,
        );
        setTimeout(() => partController.abort(), 20);
        await assert.rejects(part);
        assert.deepEqual((await store.listParts({ bucket, key: 'aborted-mp', uploadId: upload.uploadId, maxParts: 10 }, never)).parts, []);
      });
    }

    it('refuses to start a write with an aborted signal', async () => {
      const bucket = await newBucket(store);
      await assert.rejects(store.putObject(putInput(bucket, 'k', Buffer.from('x')), AbortSignal.abort()));
      await rejectsWith(store.headObject({ bucket, key: 'k' }, never), 'NoSuchKey');
    });

    it('destroys a GET stream when its signal aborts', async () => {
      const bucket = await newBucket(store);
      await store.putObject(putInput(bucket, 'big', patternBytes(8 * MiB, 1)), never);
      const controller = new AbortController();
      const got = await store.getObject({ bucket, key: 'big' }, controller.signal);
      const reading = readAll(got.body);
      controller.abort();
      await assert.rejects(reading);
      assert.ok(got.body.destroyed);
    });
  });

  describe(`${factory.name}: durability`, () => {
    it('finds everything again after a reopen', () =>
      withStore(factory, async (subject) => {
        const store = subject.store;
        const bucket = await newBucket(store);
        const objects = new Map<string, Buffer>([
          ['small', patternBytes(10, 1)],
          ['large', patternBytes(factory.inlineThresholdBytes * 3, 2)],
          ['empty', Buffer.alloc(0)],
        ]);
        for (const [key, bytes] of objects) await store.putObject(putInput(bucket, key, bytes), never);
        const upload = await store.createMultipartUpload({ bucket, key: 'mp', metadata: metadata() }, never);
        const part = await store.uploadPart(
          { bucket, key: 'mp', uploadId: upload.uploadId, partNumber: 1, ...bodyOf(patternBytes(1000, 3)) },
          never,
        );
        const pending = await store.createMultipartUpload({ bucket, key: 'pending', metadata: metadata() }, never);
        await store.completeMultipartUpload(
          { bucket, key: 'mp', uploadId: upload.uploadId, parts: [{ partNumber: 1, etag: part.etag }] },
          never,
        );
        objects.set('mp', patternBytes(1000, 3));
        await store.deleteObject({ bucket, key: 'empty' }, never);
        objects.delete('empty');

        const reopened = await subject.reopen();
        assert.deepEqual(
          (await reopened.listBuckets(never)).map((b) => b.name),
          [bucket],
        );
        for (const [key, bytes] of objects) {
          assert.ok((await getBytes(reopened, bucket, key)).equals(bytes), key);
          assert.equal((await reopened.headObject({ bucket, key }, never)).etag.split('-')[0]?.length, 32);
        }
        assert.equal((await reopened.headObject({ bucket, key: 'small' }, never)).etag, md5Hex(patternBytes(10, 1)));
        await rejectsWith(reopened.headObject({ bucket, key: 'empty' }, never), 'NoSuchKey');
        const uploads = await reopened.listMultipartUploads({ bucket, maxUploads: 10 }, never);
        assert.deepEqual(
          uploads.uploads.map((u) => u.uploadId),
          [pending.uploadId],
        );
        const got = await reopened.getObject({ bucket, key: 'mp', selectRange: () => ({ start: 10, end: 19 }) }, never);
        assert.ok((await readAll(got.body)).equals(patternBytes(1000, 3).subarray(10, 20)));
      }));
  });
}
