// Conformance: put / get / head / delete, ranges, metadata, keys.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isStoreError, type ObjectInfo, type ObjectStore } from '../../../src/storage/index.js';
import { checksumOf } from '../../../src/util/checksum.js';
import {
  MiB,
  bodyOf,
  getBytes,
  md5Hex,
  never,
  newBucket,
  patternBytes,
  putInput,
  readAll,
  rejectsWith,
  type StoreFactory,
  type StoreSubject,
} from './harness.js';

export function objectTests(factory: StoreFactory): void {
  describe(`${factory.name}: objects`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    before(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    after(() => subject.dispose());

    const small = patternBytes(1000, 1);
    const large = patternBytes(factory.inlineThresholdBytes * 2 + 12_345, 2);
    const cases: Array<[string, Buffer]> = [
      ['empty', Buffer.alloc(0)],
      ['small (inline)', small],
      ['exactly the inline threshold', patternBytes(factory.inlineThresholdBytes, 3)],
      ['one byte over the inline threshold', patternBytes(factory.inlineThresholdBytes + 1, 4)],
      ['large (file)', large],
    ];
    for (const [name, bytes] of cases) {
      for (const declared of [true, false]) {
        it(`round-trips a ${name} object byte for byte (${declared ? 'declared' : 'unknown'} size)`, async () => {
          const bucket = await newBucket(store);
          const input = putInput(bucket, 'obj', bytes, { storageClass: 'STANDARD_IA' });
          if (!declared) delete input.sizeBytes;
          const put = await store.putObject(input, never);
          assert.equal(put.etag, md5Hex(bytes));
          assert.equal(put.versionId, undefined, 'an unversioned bucket reports no version id');
          const got = await store.getObject({ bucket, key: 'obj' }, never);
          assert.equal(got.range, null);
          assert.ok((await readAll(got.body)).equals(bytes));
          assert.equal(got.info.sizeBytes, bytes.length);
          assert.equal(got.info.etag, md5Hex(bytes));
          assert.equal(got.info.storageClass, 'STANDARD_IA');
          assert.equal(got.info.lastModified.getTime(), put.lastModified.getTime());
          const head = await store.headObject({ bucket, key: 'obj' }, never);
          assert.deepEqual(head, got.info);
        });
      }
    }

    it('stores metadata, storage class default and the checksum the body digest computed', async () => {
      const bucket = await newBucket(store);
      const meta = {
        userMetadata: { 'x-owner': 'team a', empty: '', unicode: 'héllo 中' },
        contentType: 'application/x-safetensors',
        contentEncoding: 'gzip',
        contentDisposition: 'attachment; filename="w.bin"',
        contentLanguage: 'en',
        cacheControl: 'no-cache',
        expires: 'Wed, 21 Oct 2030 07:28:00 GMT',
      };
      for (const bytes of [small, large]) {
        const put = await store.putObject({ bucket, key: 'm', ...bodyOf(bytes, { checksumAlgorithm: 'CRC32C' }), metadata: meta }, never);
        const expected = { algorithm: 'CRC32C', value: checksumOf('CRC32C', bytes).toString('base64'), type: 'FULL_OBJECT' };
        assert.deepEqual(put.checksum, expected);
        const info = await store.headObject({ bucket, key: 'm' }, never);
        assert.deepEqual(info.metadata, meta);
        assert.equal(info.storageClass, 'STANDARD');
        assert.deepEqual(info.checksum, expected);
        assert.equal(info.parts, undefined);
      }
    });

    for (const [name, bytes] of [
      ['inline', small],
      ['file', large],
    ] as const) {
      it(`serves ranges of a ${name} object: first byte, last byte, middle`, async () => {
        const bucket = await newBucket(store);
        await store.putObject(putInput(bucket, 'r', bytes), never);
        const last = bytes.length - 1;
        for (const range of [
          { start: 0, end: 0 },
          { start: last, end: last },
          { start: 100, end: 899 },
          { start: 0, end: last },
        ]) {
          let seen: ObjectInfo | undefined;
          const got = await store.getObject({ bucket, key: 'r', selectRange: (info) => ((seen = info), range) }, never);
          assert.equal(seen?.sizeBytes, bytes.length);
          assert.deepEqual(got.range, range);
          assert.ok((await readAll(got.body)).equals(bytes.subarray(range.start, range.end + 1)));
        }
        const whole = await store.getObject({ bucket, key: 'r', selectRange: () => null }, never);
        assert.ok((await readAll(whole.body)).equals(bytes));
      });
    }

    it('propagates an error thrown by selectRange unchanged', async () => {
      const bucket = await newBucket(store);
      await store.putObject(putInput(bucket, 'r', large), never);
      const failure = new Error('precondition failed upstream');
      await assert.rejects(
        store.getObject(
          {
            bucket,
            key: 'r',
            selectRange: () => {
              throw failure;
            },
          },
          never,
        ),
        (err) => err === failure,
      );
    });

    it('replaces objects across inline and file storage', async () => {
      const bucket = await newBucket(store);
      const sequence = [small, large, patternBytes(large.length, 9), Buffer.from('tiny'), large];
      for (const bytes of sequence) {
        await store.putObject(putInput(bucket, 'x', bytes), never);
        assert.ok((await getBytes(store, bucket, 'x')).equals(bytes));
        assert.equal((await store.headObject({ bucket, key: 'x' }, never)).etag, md5Hex(bytes));
      }
    });

    it('keeps streaming the old bytes to a reader that started before a replacement', async () => {
      const bucket = await newBucket(store);
      const old = patternBytes(3 * MiB, 11);
      await store.putObject(putInput(bucket, 'hot', old), never);
      const reading = await store.getObject({ bucket, key: 'hot' }, never);
      await store.putObject(putInput(bucket, 'hot', patternBytes(3 * MiB, 12)), never);
      await store.deleteObject({ bucket, key: 'hot' }, never);
      assert.ok((await readAll(reading.body)).equals(old));
    });

    it('answers NoSuchKey (with the key) and NoSuchBucket, bucket first', async () => {
      const bucket = await newBucket(store);
      await assert.rejects(store.headObject({ bucket, key: 'nope' }, never), (err: unknown) => {
        assert.ok(isStoreError(err) && err.code === 'NoSuchKey');
        assert.equal(err.details.key, 'nope');
        assert.equal(err.details.bucket, bucket);
        return true;
      });
      await rejectsWith(store.getObject({ bucket, key: 'nope' }, never), 'NoSuchKey');
      await rejectsWith(store.headObject({ bucket: 'no-such-bucket', key: 'nope' }, never), 'NoSuchBucket');
    });

    it('reads the "null" version by id and refuses other version ids', async () => {
      const bucket = await newBucket(store);
      await store.putObject(putInput(bucket, 'v', small), never);
      assert.equal((await store.headObject({ bucket, key: 'v', versionId: 'null' }, never)).versionId, 'null');
      await rejectsWith(store.headObject({ bucket, key: 'v', versionId: '3HL4kqtJlcpXroDTDmJ' }, never), 'InvalidArgument');
      await rejectsWith(store.headObject({ bucket, key: 'v', versionId: '0'.repeat(22) }, never), 'NoSuchVersion');
    });

    it('deletes idempotently, honouring If-Match', async () => {
      const bucket = await newBucket(store);
      assert.deepEqual(await store.deleteObject({ bucket, key: 'never-was' }, never), { deleted: false });
      const put = await store.putObject(putInput(bucket, 'd', large), never);
      await rejectsWith(store.deleteObject({ bucket, key: 'd', conditions: { ifMatchETag: '"0123"' } }, never), 'PreconditionFailed');
      await rejectsWith(store.deleteObject({ bucket, key: 'gone', conditions: { ifMatchETag: put.etag } }, never), 'NoSuchKey');
      assert.equal((await store.deleteObject({ bucket, key: 'd', conditions: { ifMatchETag: `"${put.etag}"` } }, never)).deleted, true);
      await rejectsWith(store.headObject({ bucket, key: 'd' }, never), 'NoSuchKey');
      assert.equal((await store.deleteObject({ bucket, key: 'd' }, never)).deleted, false);
    });

    it('stores keys with spaces, +, %, unicode and 1024 bytes, ordered by their UTF-8 bytes', async () => {
      const bucket = await newBucket(store);
      const longKey = `${'k/'.repeat(500)}${'é'.repeat(12)}`;
      assert.equal(Buffer.byteLength(longKey), 1024);
      // U+FF61 sorts before U+1F600 in UTF-8 but after it in UTF-16 (JS string order).
      const keys = [
        'a',
        'b',
        'é',
        '中',
        'with space',
        'plus+sign',
        'per%20cent',
        'semi;colon#hash',
        '\uFF61',
        '😀',
        longKey,
        'dir/',
        'dir/file',
      ];
      for (const key of keys) await store.putObject(putInput(bucket, key, Buffer.from(key)), never);
      for (const key of keys) assert.equal((await getBytes(store, bucket, key)).toString(), key);
      const listed = await store.listObjects({ bucket, maxKeys: 1000 }, never);
      const expected = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      assert.deepEqual(
        listed.objects.map((o) => o.key),
        expected,
      );
      assert.ok(expected.indexOf('\uFF61') < expected.indexOf('😀'));
      assert.ok(
        expected.indexOf('a') < expected.indexOf('b') &&
          expected.indexOf('b') < expected.indexOf('é') &&
          expected.indexOf('é') < expected.indexOf('中'),
      );
    });
  });
}
