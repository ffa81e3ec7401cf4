// Conformance: ListObjects — prefix, delimiter, startAfter, paging, and a
// page costing a page on a big bucket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ListObjectsInput, ObjectStore } from '../../../src/storage/index.js';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { metadata, never, newBucket, putInput, type StoreFactory, type StoreSubject } from './harness.js';

/** Every object key and common prefix, page by page, as a client pages through. */
async function listAll(store: ObjectStore, input: Omit<ListObjectsInput, 'startAfter'>): Promise<{ items: string[]; pages: number }> {
  const items: string[] = [];
  let startAfter: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await store.listObjects({ ...input, ...(startAfter !== undefined ? { startAfter } : {}) }, never);
    const pageItems = [...page.objects.map((o) => o.key), ...page.commonPrefixes].sort((a, b) =>
      Buffer.compare(Buffer.from(a), Buffer.from(b)),
    );
    assert.ok(pageItems.length <= input.maxKeys, 'objects and common prefixes together stay within maxKeys');
    items.push(...pageItems);
    if (!page.isTruncated) return { items, pages };
    assert.equal(page.nextStartAfter, pageItems[pageItems.length - 1]);
    startAfter = page.nextStartAfter;
  }
}

export function listingTests(factory: StoreFactory): void {
  describe(`${factory.name}: listing`, () => {
    let subject: StoreSubject;
    let store: ObjectStore;
    let bucket: string;
    const keys = [
      'a.txt',
      'b.txt',
      'photos/2023/jan/1.jpg',
      'photos/2023/jan/2.jpg',
      'photos/2023/feb/1.jpg',
      'photos/2024/x.jpg',
      'photos/index.html',
      'photos/',
      'videos/a.mp4',
      'videos/b.mp4',
      'z',
      'photos0',
      'photo',
    ];
    before(async () => {
      subject = await factory.create();
      store = subject.store;
      bucket = await newBucket(store);
      for (const key of keys) await store.putObject(putInput(bucket, key, Buffer.from(key)), never);
    });
    after(() => subject.dispose());

    it('lists everything in byte order without a delimiter', async () => {
      const page = await store.listObjects({ bucket, maxKeys: 1000 }, never);
      assert.deepEqual(
        page.objects.map((o) => o.key),
        [...keys].sort(),
      );
      assert.deepEqual(page.commonPrefixes, []);
      assert.equal(page.isTruncated, false);
      assert.equal(page.nextStartAfter, undefined);
      const sizes = page.objects.map((o) => o.sizeBytes);
      assert.deepEqual(
        sizes,
        [...keys].sort().map((k) => Buffer.byteLength(k)),
      );
    });

    it('rolls keys up into common prefixes with a delimiter', async () => {
      const top = await store.listObjects({ bucket, delimiter: '/', maxKeys: 1000 }, never);
      assert.deepEqual(
        top.objects.map((o) => o.key),
        ['a.txt', 'b.txt', 'photo', 'photos0', 'z'],
      );
      assert.deepEqual(top.commonPrefixes, ['photos/', 'videos/']);
      const photos = await store.listObjects({ bucket, prefix: 'photos/', delimiter: '/', maxKeys: 1000 }, never);
      assert.deepEqual(
        photos.objects.map((o) => o.key),
        ['photos/', 'photos/index.html'],
      );
      assert.deepEqual(photos.commonPrefixes, ['photos/2023/', 'photos/2024/']);
      const years = await store.listObjects({ bucket, prefix: 'photos/2023/', delimiter: '/', maxKeys: 1000 }, never);
      assert.deepEqual(years.commonPrefixes, ['photos/2023/feb/', 'photos/2023/jan/']);
      const multi = await store.listObjects({ bucket, delimiter: '.j', maxKeys: 1000 }, never);
      assert.deepEqual(multi.commonPrefixes, ['photos/2023/feb/1.j', 'photos/2023/jan/1.j', 'photos/2023/jan/2.j', 'photos/2024/x.j']);
    });

    it('filters by prefix (not only at delimiter boundaries)', async () => {
      const page = await store.listObjects({ bucket, prefix: 'photo', maxKeys: 1000 }, never);
      assert.deepEqual(
        page.objects.map((o) => o.key),
        keys.filter((k) => k.startsWith('photo')).sort(),
      );
      const none = await store.listObjects({ bucket, prefix: 'nothing/', delimiter: '/', maxKeys: 1000 }, never);
      assert.deepEqual([none.objects, none.commonPrefixes, none.isTruncated], [[], [], false]);
    });

    it('starts strictly after startAfter, and skips everything under a common prefix used as startAfter', async () => {
      const afterKey = await store.listObjects({ bucket, startAfter: 'photos/2023/jan/1.jpg', maxKeys: 2 }, never);
      assert.deepEqual(
        afterKey.objects.map((o) => o.key),
        ['photos/2023/jan/2.jpg', 'photos/2024/x.jpg'],
      );
      const afterPrefix = await store.listObjects({ bucket, delimiter: '/', startAfter: 'photos/', maxKeys: 1000 }, never);
      assert.deepEqual(
        afterPrefix.objects.map((o) => o.key),
        ['photos0', 'z'],
      );
      assert.deepEqual(afterPrefix.commonPrefixes, ['videos/']);
      const beforePrefix = await store.listObjects({ bucket, prefix: 'videos/', startAfter: 'a', maxKeys: 1000 }, never);
      assert.deepEqual(
        beforePrefix.objects.map((o) => o.key),
        ['videos/a.mp4', 'videos/b.mp4'],
      );
      const pastEnd = await store.listObjects({ bucket, startAfter: 'zz', maxKeys: 1000 }, never);
      assert.deepEqual(pastEnd.objects, []);
    });

    it('counts objects and common prefixes together toward maxKeys and pages through them', async () => {
      const first = await store.listObjects({ bucket, delimiter: '/', maxKeys: 3 }, never);
      assert.deepEqual(
        first.objects.map((o) => o.key),
        ['a.txt', 'b.txt', 'photo'],
      );
      assert.equal(first.isTruncated, true);
      assert.equal(first.nextStartAfter, 'photo');
      const second = await store.listObjects({ bucket, delimiter: '/', maxKeys: 2, startAfter: 'photo' }, never);
      assert.deepEqual(second.commonPrefixes, ['photos/']);
      assert.deepEqual(
        second.objects.map((o) => o.key),
        ['photos0'],
      );
      assert.equal(second.nextStartAfter, 'photos0');
      for (const maxKeys of [1, 2, 3, 7]) {
        const { items } = await listAll(store, { bucket, delimiter: '/', maxKeys });
        assert.deepEqual(items, ['a.txt', 'b.txt', 'photo', 'photos/', 'photos0', 'videos/', 'z']);
        const flat = await listAll(store, { bucket, maxKeys });
        assert.deepEqual(flat.items, [...keys].sort());
      }
    });

    it('is not truncated when the page holds exactly the remaining items', async () => {
      const exact = await store.listObjects({ bucket, delimiter: '/', maxKeys: 7 }, never);
      assert.equal(exact.objects.length + exact.commonPrefixes.length, 7);
      assert.equal(exact.isTruncated, false);
      const empty = await store.listObjects({ bucket: await newBucket(store), maxKeys: 10 }, never);
      assert.deepEqual([empty.objects, empty.commonPrefixes, empty.isTruncated], [[], [], false]);
    });
  });

  describe(`${factory.name}: listing cost`, () => {
    // Big enough that every page below is a small part of the bucket and of
    // the directory it lists (a walk over either would show), small enough
    // to load quickly through a 6-drive store (each put writes 6 indexes).
    const totalKeys = 10_000;
    const dirs = 50;
    it(`lists a page of a ${totalKeys.toLocaleString('en')}-key bucket in index entries proportional to the page`, async (t) => {
      const subject = await factory.create();
      try {
        const visited = subject.entriesVisited;
        if (visited === undefined) return t.skip('this store does not count the index entries it visits');
        const { store } = subject;
        const bucket = await newBucket(store);
        const tiny = Buffer.from('x');
        const digests = { md5: createHash('md5').update(tiny).digest(), sizeBytes: 1 };
        let next = 0;
        const writer = async (): Promise<void> => {
          for (let i = next++; i < totalKeys; i = next++) {
            const key = `d${String(i % dirs).padStart(3, '0')}/f${String(i).padStart(7, '0')}`;
            // A plain body (no DigestStream) keeps loading the keys quick.
            await store.putObject(
              { bucket, key, body: Readable.from([tiny]), digests: () => digests, sizeBytes: 1, metadata: metadata() },
              never,
            );
          }
        };
        await Promise.all(Array.from({ length: 64 }, writer));
        const cost = async (input: ListObjectsInput): Promise<{ count: number; entries: number; truncated: boolean }> => {
          const before = visited();
          const page = await store.listObjects(input, never);
          return { count: page.objects.length + page.commonPrefixes.length, entries: visited() - before, truncated: page.isTruncated };
        };
        const walks = factory.indexWalksPerPage ?? 1;
        const top = await cost({ bucket, delimiter: '/', maxKeys: 1000 });
        assert.deepEqual([top.count, top.truncated], [dirs, false]);
        assert.ok(top.entries <= (dirs + 1) * walks, `top level visited ${top.entries} entries for ${dirs} prefixes`);
        const topPaged = await cost({ bucket, delimiter: '/', maxKeys: 10, startAfter: 'd020/' });
        assert.deepEqual([topPaged.count, topPaged.truncated], [10, true]);
        assert.ok(topPaged.entries <= 11 * walks, `visited ${topPaged.entries}`);
        // 200 keys in the directory, a page of 100.
        const inDir = await cost({ bucket, prefix: 'd042/', delimiter: '/', maxKeys: 100 });
        assert.deepEqual([inDir.count, inDir.truncated], [100, true]);
        assert.ok(inDir.entries <= 101 * walks, `visited ${inDir.entries}`);
        // The last 50 of the directory's 200 keys (f0007549, f0007599... f0009999).
        const deep = await cost({ bucket, prefix: 'd049/', maxKeys: 1000, startAfter: 'd049/f0007500' });
        assert.deepEqual([deep.count, deep.truncated], [50, false]);
        assert.ok(deep.entries <= 51 * walks, `visited ${deep.entries}`);
      } finally {
        await subject.dispose();
      }
    });
  });
}
