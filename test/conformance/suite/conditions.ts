// Conformance: conditional writes (If-None-Match: *, If-Match), atomic
// under concurrency.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isStoreError, type ObjectStore } from '../../../src/storage/index.js';
import {
  getBytes,
  md5Hex,
  never,
  newBucket,
  patternBytes,
  putInput,
  rejectsWith,
  type StoreFactory,
  type StoreSubject,
} from './harness.js';

export function conditionTests(factory: StoreFactory): void {
  describe(`${factory.name}: conditional writes`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    before(async () => {
      subject = await factory.create();
      store = subject.store;
    });
    after(() => subject.dispose());

    it('If-None-Match: * creates only when no object exists', async () => {
      const bucket = await newBucket(store);
      await store.putObject(putInput(bucket, 'k', Buffer.from('one'), { conditions: { ifNoneMatchAny: true } }), never);
      await rejectsWith(
        store.putObject(putInput(bucket, 'k', Buffer.from('two'), { conditions: { ifNoneMatchAny: true } }), never),
        'PreconditionFailed',
      );
      assert.equal((await getBytes(store, bucket, 'k')).toString(), 'one');
    });

    it('If-Match writes only over the matching ETag, and answers NoSuchKey when there is no object', async () => {
      const bucket = await newBucket(store);
      await rejectsWith(
        store.putObject(putInput(bucket, 'k', Buffer.from('x'), { conditions: { ifMatchETag: md5Hex(Buffer.from('x')) } }), never),
        'NoSuchKey',
      );
      const first = await store.putObject(putInput(bucket, 'k', Buffer.from('v1')), never);
      await rejectsWith(
        store.putObject(putInput(bucket, 'k', Buffer.from('v2'), { conditions: { ifMatchETag: md5Hex(Buffer.from('other')) } }), never),
        'PreconditionFailed',
      );
      const second = await store.putObject(
        putInput(bucket, 'k', Buffer.from('v2'), { conditions: { ifMatchETag: `"${first.etag}"` } }),
        never,
      );
      assert.equal(second.etag, md5Hex(Buffer.from('v2')));
      assert.equal((await getBytes(store, bucket, 'k')).toString(), 'v2');
    });

    for (const sizeBytes of [100, factory.inlineThresholdBytes * 2]) {
      it(`of 20 concurrent If-None-Match creates of one key (${sizeBytes} bytes) exactly one succeeds`, async () => {
        const bucket = await newBucket(store);
        const bodies = Array.from({ length: 20 }, (_, i) => patternBytes(sizeBytes, 100 + i));
        const results = await Promise.allSettled(
          bodies.map((bytes) => store.putObject(putInput(bucket, 'lock', bytes, { conditions: { ifNoneMatchAny: true } }), never)),
        );
        const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        assert.equal(winners.length, 1);
        for (const r of results)
          if (r.status === 'rejected') assert.ok(isStoreError(r.reason) && r.reason.code === 'PreconditionFailed', String(r.reason));
        const winner = bodies[winners[0] ?? -1];
        assert.ok(winner !== undefined && (await getBytes(store, bucket, 'lock')).equals(winner));
      });
    }

    it('of 10 concurrent If-Match writes over the same ETag exactly one succeeds', async () => {
      const bucket = await newBucket(store);
      const base = await store.putObject(putInput(bucket, 'table', Buffer.from('v0')), never);
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.putObject(putInput(bucket, 'table', Buffer.from(`v1-${i}`), { conditions: { ifMatchETag: base.etag } }), never),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    });
  });
}
