// Versioning suite, part 3: ListObjectVersions paging (key and version-id
// markers) and its prefix/delimiter roll-up.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { errorCode, sendSigned } from '../rawRequest.js';
import { listVersions, rawVersionList, type Listed, type LodeNode } from '../versionTools.js';
import type { VersioningBench } from './suite.js';

/** ListObjectVersions paging, prefixes and delimiters. */
export function listingTests(bench: VersioningBench): void {
  const { newBucket, put } = bench;
  let node: LodeNode;
  let s3: S3Client;
  before(() => ({ node, s3 } = bench.current()));

  it('ListObjectVersions pages with key-marker and version-id-marker: every version exactly once, in order, IsLatest right', async () => {
    const Bucket = await newBucket('Enabled');
    // key-i gets (i % 3) + 1 versions; key-1 ends under a delete marker; key-4 has a marker buried between its versions.
    const expected = new Map<string, Listed[]>();
    const record = (key: string, versionId: string, deleteMarker: boolean): void => {
      const list = expected.get(key) ?? [];
      list.unshift({ key, versionId, isLatest: false, deleteMarker });
      expected.set(key, list);
    };
    for (let i = 0; i < 6; i++) {
      const key = `key-${i}`;
      for (let n = 0; n < (i % 3) + 1; n++) {
        record(key, await put(Bucket, key, `${key} v${n}`), false);
        if (i === 4 && n === 0) {
          const marker = await s3.send(new DeleteObjectCommand({ Bucket, Key: key }));
          record(key, marker.VersionId!, true);
        }
      }
      if (i === 1) record(key, (await s3.send(new DeleteObjectCommand({ Bucket, Key: key }))).VersionId!, true);
    }
    const ordered: Listed[] = [...expected.keys()].sort().flatMap((key) => expected.get(key)!.map((e, i) => ({ ...e, isLatest: i === 0 })));
    assert.equal(ordered.length, 14);

    // One page: exactly the expected order (raw XML keeps versions and markers interleaved as S3 lists them).
    assert.deepEqual(await rawVersionList(node.server, Bucket), ordered);

    for (const MaxKeys of [1, 2, 3]) {
      const seen: Listed[] = [];
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      for (let pages = 0; ; pages++) {
        assert.ok(pages < 40, 'paging ends');
        const query: Record<string, string> = { 'max-keys': String(MaxKeys) };
        if (keyMarker !== undefined) query['key-marker'] = keyMarker;
        if (versionIdMarker !== undefined) query['version-id-marker'] = versionIdMarker;
        const raw = await rawVersionList(node.server, Bucket, query);
        const page = await listVersions(s3, {
          Bucket,
          MaxKeys,
          ...(keyMarker !== undefined ? { KeyMarker: keyMarker } : {}),
          ...(versionIdMarker !== undefined ? { VersionIdMarker: versionIdMarker } : {}),
        });
        assert.deepEqual(
          [...page.entries].sort((a, b) => (a.key + a.versionId < b.key + b.versionId ? -1 : 1)),
          [...raw].sort((a, b) => (a.key + a.versionId < b.key + b.versionId ? -1 : 1)),
          'the SDK and the raw answer agree',
        );
        assert.ok(raw.length <= MaxKeys, `a page of max-keys ${MaxKeys} holds ${raw.length}`);
        seen.push(...raw);
        if (!page.truncated) break;
        assert.equal(raw.length, MaxKeys, 'a truncated page is full');
        assert.ok(page.nextKeyMarker, 'a truncated page names NextKeyMarker');
        assert.equal(page.nextKeyMarker, raw[raw.length - 1]!.key);
        assert.equal(page.nextVersionIdMarker, raw[raw.length - 1]!.versionId);
        keyMarker = page.nextKeyMarker;
        versionIdMarker = page.nextVersionIdMarker;
      }
      assert.deepEqual(seen, ordered, `max-keys ${MaxKeys}: every version once, in order, IsLatest only on each key's newest`);
    }

    // A key-marker alone starts after every version of that key.
    const after = await rawVersionList(node.server, Bucket, { 'key-marker': 'key-2' });
    assert.deepEqual(
      after,
      ordered.filter((e) => e.key > 'key-2'),
    );
    // A version-id-marker without a key-marker is refused.
    const refused = await sendSigned({
      port: node.server.port,
      method: 'GET',
      path: `/${Bucket}`,
      query: { versions: '', 'version-id-marker': ordered[0]!.versionId },
    });
    assert.equal(refused.status, 400);
    assert.equal(errorCode(refused.body), 'InvalidArgument');
  });

  it('ListObjectVersions with prefix and delimiter rolls keys up into CommonPrefixes, also across pages', async () => {
    const Bucket = await newBucket('Enabled');
    for (const key of [
      'photos/2024/a.jpg',
      'photos/2024/a.jpg',
      'photos/2024/b.jpg',
      'photos/2025/c.jpg',
      'photos/top.jpg',
      'videos/x.mp4',
    ])
      await put(Bucket, key, key);
    const marker = (await s3.send(new DeleteObjectCommand({ Bucket, Key: 'photos/top.jpg' }))).VersionId!;

    const top = await listVersions(s3, { Bucket, Delimiter: '/' });
    assert.deepEqual(top.prefixes, ['photos/', 'videos/']);
    assert.deepEqual(top.entries, []);

    const photos = await listVersions(s3, { Bucket, Prefix: 'photos/', Delimiter: '/' });
    assert.deepEqual(photos.prefixes, ['photos/2024/', 'photos/2025/']);
    assert.deepEqual(photos.entries.map((e) => [e.key, e.deleteMarker, e.isLatest]).sort(), [
      ['photos/top.jpg', false, false],
      ['photos/top.jpg', true, true],
    ]);
    assert.ok(photos.entries.some((e) => e.versionId === marker));

    const y2024 = await listVersions(s3, { Bucket, Prefix: 'photos/2024/' });
    assert.deepEqual(
      y2024.entries.map((e) => [e.key, e.isLatest]),
      [
        ['photos/2024/a.jpg', true],
        ['photos/2024/a.jpg', false],
        ['photos/2024/b.jpg', true],
      ],
    );

    // One item per page: each common prefix comes once, and paging continues after it.
    const items: string[] = [];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    for (let pages = 0; ; pages++) {
      assert.ok(pages < 20, 'paging ends');
      const page = await listVersions(s3, {
        Bucket,
        Prefix: 'photos/',
        Delimiter: '/',
        MaxKeys: 1,
        ...(KeyMarker !== undefined ? { KeyMarker } : {}),
        ...(VersionIdMarker !== undefined ? { VersionIdMarker } : {}),
      });
      items.push(...page.prefixes, ...page.entries.map((e) => `${e.key}#${e.deleteMarker ? 'marker' : 'version'}`));
      if (!page.truncated) break;
      KeyMarker = page.nextKeyMarker;
      VersionIdMarker = page.nextVersionIdMarker;
    }
    assert.deepEqual(items, ['photos/2024/', 'photos/2025/', 'photos/top.jpg#marker', 'photos/top.jpg#version']);
  });
}
