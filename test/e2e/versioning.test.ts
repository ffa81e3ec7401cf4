// S3 versioning as a user meets it through the JS SDK: turning it on and
// suspending it, version ids on every write, reading and deleting any
// version, delete markers, the "null" version, ListObjectVersions paging,
// batch deletes by version, and the refusals. The same suite runs against a
// single-drive server, a 4-drive erasure set, and 18 drives in two sets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { expectS3Error } from './expect.js';
import { errorCode, sendSigned } from './rawRequest.js';
import {
  erasureNode,
  listVersions,
  rawVersionList,
  singleDrive,
  text,
  unknownVersionLike,
  type Listed,
  type LodeNode,
} from './versionTools.js';

const md5 = (b: Buffer | Uint8Array): string => createHash('md5').update(b).digest('hex');

/**
 * `raceTodo`: why the concurrent-writer tests are expected to fail on this
 * layout (a known server bug), so the suite stays green until it is fixed.
 */
function versioningSuite(label: string, boot: () => Promise<LodeNode>, raceTodo?: string): void {
  const races = raceTodo === undefined ? {} : { todo: raceTodo };
  describe(`versioning (${label})`, { timeout: 180_000 }, () => {
    let node: LodeNode;
    let s3: S3Client;
    let bucketCount = 0;
    /** A fresh bucket per test, so each test's listings are its own. */
    const newBucket = async (versioning?: 'Enabled' | 'Suspended'): Promise<string> => {
      const Bucket = `ver-${++bucketCount}`;
      await s3.send(new CreateBucketCommand({ Bucket }));
      if (versioning !== undefined)
        await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: versioning } }));
      return Bucket;
    };
    const put = async (Bucket: string, Key: string, Body: string | Buffer): Promise<string> => {
      const res = await s3.send(new PutObjectCommand({ Bucket, Key, Body }));
      assert.ok(res.VersionId, `PUT ${Key} answers x-amz-version-id`);
      return res.VersionId;
    };
    const getText = async (Bucket: string, Key: string, VersionId?: string): Promise<string> =>
      text(await s3.send(new GetObjectCommand({ Bucket, Key, ...(VersionId !== undefined ? { VersionId } : {}) })));

    before(async () => {
      node = await boot();
      s3 = node.server.client();
    });
    after(async () => {
      s3?.destroy();
      await node?.close();
    });

    it('GetBucketVersioning is empty until configured, then follows Enabled and Suspended', async () => {
      const Bucket = await newBucket();
      const fresh = await s3.send(new GetBucketVersioningCommand({ Bucket }));
      assert.equal(fresh.Status, undefined);
      assert.equal(fresh.MFADelete, undefined);
      for (const Status of ['Enabled', 'Suspended', 'Enabled'] as const) {
        await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status } }));
        assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status, Status);
      }
      // A status S3 does not know is refused and changes nothing.
      const bad = await sendSigned({
        port: node.server.port,
        method: 'PUT',
        path: `/${Bucket}`,
        query: { versioning: '' },
        body: '<VersioningConfiguration><Status>Off</Status></VersioningConfiguration>',
      });
      assert.equal(bad.status, 400);
      assert.equal(errorCode(bad.body), 'MalformedXML');
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status, 'Enabled');
      await expectS3Error(
        s3.send(new PutBucketVersioningCommand({ Bucket: 'no-such-bucket', VersioningConfiguration: { Status: 'Enabled' } })),
        'NoSuchBucket',
        404,
      );
    });

    it('objects written before versioning become the "null" version, still readable and deletable by that id', async () => {
      const Bucket = await newBucket();
      const before = await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'before' }));
      assert.equal(before.VersionId, undefined, 'an unversioned bucket names no version');
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'k' }))).VersionId, undefined);
      // Even before versioning, the one version of a key answers to the id "null".
      const asNull = await s3.send(new GetObjectCommand({ Bucket, Key: 'k', VersionId: 'null' }));
      assert.equal(asNull.VersionId, 'null');
      assert.equal(await text(asNull), 'before');
      await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
      const v = await put(Bucket, 'k', 'after');
      assert.notEqual(v, 'null');
      const current = await s3.send(new GetObjectCommand({ Bucket, Key: 'k' }));
      assert.equal(current.VersionId, v);
      assert.equal(await text(current), 'after');
      const old = await s3.send(new GetObjectCommand({ Bucket, Key: 'k', VersionId: 'null' }));
      assert.equal(old.VersionId, 'null');
      assert.equal(await text(old), 'before');
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'k', VersionId: 'null' }))).ContentLength, 'before'.length);
      assert.deepEqual((await listVersions(s3, { Bucket })).entries, [
        { key: 'k', versionId: v, isLatest: true, deleteMarker: false },
        { key: 'k', versionId: 'null', isLatest: false, deleteMarker: false },
      ]);
      const deleted = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'k', VersionId: 'null' }));
      assert.equal(deleted.VersionId, 'null');
      assert.notEqual(deleted.DeleteMarker, true);
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'k', VersionId: 'null' })), 'NoSuchVersion', 404);
      assert.deepEqual((await listVersions(s3, { Bucket })).entries, [{ key: 'k', versionId: v, isLatest: true, deleteMarker: false }]);
    });

    it('PUT, COPY and CompleteMultipartUpload answer a new version id; GET/HEAD/DELETE/COPY reach any version', async () => {
      const Bucket = await newBucket('Enabled');
      const Key = 'dir/a b+c.txt';
      const bodies = [Buffer.from('one'), randomBytes(300_000), Buffer.from('three')];
      const ids: string[] = [];
      for (const body of bodies) ids.push(await put(Bucket, Key, body));
      assert.equal(new Set(ids).size, 3, 'every PUT makes a new version');
      for (const [i, id] of ids.entries()) {
        const got = await s3.send(new GetObjectCommand({ Bucket, Key, VersionId: id }));
        assert.equal(got.VersionId, id);
        assert.equal(md5(await got.Body!.transformToByteArray()), md5(bodies[i]!), `version ${i}`);
        const head = await s3.send(new HeadObjectCommand({ Bucket, Key, VersionId: id }));
        assert.equal(head.VersionId, id);
        assert.equal(head.ETag, `"${md5(bodies[i]!)}"`);
        assert.equal(head.ContentLength, bodies[i]!.length);
      }
      assert.equal(await getText(Bucket, Key), 'three');

      // Copy an older version (the source key needs URL encoding; the version id rides in the query).
      const copied = await s3.send(
        new CopyObjectCommand({ Bucket, Key: 'copy', CopySource: `${Bucket}/${encodeURIComponent(Key)}?versionId=${ids[1]}` }),
      );
      assert.equal(copied.CopySourceVersionId, ids[1]);
      assert.ok(copied.VersionId, 'CopyObject answers the new version id');
      assert.ok(!ids.includes(copied.VersionId));
      const copy = await s3.send(new GetObjectCommand({ Bucket, Key: 'copy' }));
      assert.equal(copy.VersionId, copied.VersionId);
      assert.equal(md5(await copy.Body!.transformToByteArray()), md5(bodies[1]!));
      // A copy onto the same key from an older version is allowed (it restores that version).
      const restored = await s3.send(
        new CopyObjectCommand({ Bucket, Key, CopySource: `${Bucket}/${encodeURIComponent(Key)}?versionId=${ids[0]}` }),
      );
      assert.equal(restored.CopySourceVersionId, ids[0]);
      assert.equal(await getText(Bucket, Key), 'one');
      ids.push(restored.VersionId!);

      // A multipart upload makes a version too.
      const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
      const part = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId: upload.UploadId!, PartNumber: 1, Body: 'multipart body' }));
      const done = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId: upload.UploadId!,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] },
        }),
      );
      assert.ok(done.VersionId, 'CompleteMultipartUpload answers the version id');
      assert.ok(!ids.includes(done.VersionId));
      ids.push(done.VersionId);
      assert.equal(await getText(Bucket, Key), 'multipart body');
      const listed = (await listVersions(s3, { Bucket, Prefix: 'dir/' })).entries;
      assert.deepEqual(listed.map((e) => e.versionId).sort(), [...ids].sort());
      assert.deepEqual(
        listed.filter((e) => e.isLatest).map((e) => e.versionId),
        [done.VersionId],
      );

      // DELETE of a version in the middle removes only it.
      const gone = await s3.send(new DeleteObjectCommand({ Bucket, Key, VersionId: ids[2] }));
      assert.equal(gone.VersionId, ids[2]);
      assert.notEqual(gone.DeleteMarker, true);
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key, VersionId: ids[2] })), 'NoSuchVersion', 404);
      assert.equal(await getText(Bucket, Key), 'multipart body');
      // DELETE of the current version makes the next newest current.
      await s3.send(new DeleteObjectCommand({ Bucket, Key, VersionId: done.VersionId }));
      const now = await s3.send(new GetObjectCommand({ Bucket, Key }));
      assert.equal(now.VersionId, restored.VersionId);
      assert.equal(await text(now), 'one');
      await s3.send(new DeleteObjectCommand({ Bucket, Key, VersionId: restored.VersionId! }));
      const older = await s3.send(new HeadObjectCommand({ Bucket, Key }));
      assert.equal(older.VersionId, ids[1]);
      assert.equal(older.ContentLength, 300_000);
    });

    it('a DELETE without a version id stacks a delete marker: 404 with x-amz-delete-marker, 405 by id, and deleting it restores the object', async () => {
      const Bucket = await newBucket('Enabled');
      const v1 = await put(Bucket, 'k', 'alive');
      const del = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'k' }));
      assert.equal(del.DeleteMarker, true);
      assert.ok(del.VersionId);
      assert.notEqual(del.VersionId, v1);
      const marker = del.VersionId;

      await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'k' })), 'NoSuchKey', 404);
      await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'k' })), 'NotFound', 404);
      const raw = await sendSigned({ port: node.server.port, method: 'GET', path: `/${Bucket}/k` });
      assert.equal(raw.status, 404);
      assert.equal(errorCode(raw.body), 'NoSuchKey');
      assert.equal(raw.headers['x-amz-delete-marker'], 'true');
      assert.equal(raw.headers['x-amz-version-id'], marker);
      const rawHead = await sendSigned({ port: node.server.port, method: 'HEAD', path: `/${Bucket}/k` });
      assert.equal(rawHead.status, 404);
      assert.equal(rawHead.headers['x-amz-delete-marker'], 'true');

      // The marker itself, named by id: 405 MethodNotAllowed, marked as a delete marker.
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'k', VersionId: marker })), 'MethodNotAllowed', 405);
      await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'k', VersionId: marker })), '*', 405);
      const rawMarker = await sendSigned({ port: node.server.port, method: 'GET', path: `/${Bucket}/k`, query: { versionId: marker } });
      assert.equal(rawMarker.status, 405);
      assert.equal(errorCode(rawMarker.body), 'MethodNotAllowed');
      assert.equal(rawMarker.headers['x-amz-delete-marker'], 'true');
      assert.equal(rawMarker.headers['x-amz-version-id'], marker);

      // The data is still there by id, and the listings tell the story.
      assert.equal(await getText(Bucket, 'k', v1), 'alive');
      assert.equal((await s3.send(new ListObjectsV2Command({ Bucket }))).KeyCount, 0);
      assert.deepEqual(await rawVersionList(node.server, Bucket), [
        { key: 'k', versionId: marker, isLatest: true, deleteMarker: true },
        { key: 'k', versionId: v1, isLatest: false, deleteMarker: false },
      ]);

      // A second DELETE stacks a second marker; removing the newer one leaves the object still hidden.
      const second = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'k' }));
      assert.equal(second.DeleteMarker, true);
      assert.notEqual(second.VersionId, marker);
      const removed = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'k', VersionId: second.VersionId! }));
      assert.equal(removed.DeleteMarker, true, 'x-amz-delete-marker: the version deleted was a marker');
      assert.equal(removed.VersionId, second.VersionId);
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'k' })), 'NoSuchKey', 404);

      // Removing the last marker brings the object back.
      const restored = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'k', VersionId: marker }));
      assert.equal(restored.DeleteMarker, true);
      assert.equal(restored.VersionId, marker);
      const back = await s3.send(new GetObjectCommand({ Bucket, Key: 'k' }));
      assert.equal(back.VersionId, v1);
      assert.equal(await text(back), 'alive');
      assert.equal((await s3.send(new ListObjectsV2Command({ Bucket }))).KeyCount, 1);
    });

    it('a Suspended bucket writes and deletes the "null" version and keeps the versions made while Enabled', async () => {
      const Bucket = await newBucket('Enabled');
      const v1 = await put(Bucket, 'k', 'enabled-1');
      await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Suspended' } }));
      assert.equal(await put(Bucket, 'k', 'suspended-1'), 'null');
      assert.equal(await put(Bucket, 'k', 'suspended-2'), 'null', 'the null version is overwritten, not stacked');
      assert.deepEqual(
        (await rawVersionList(node.server, Bucket)).map((e) => [e.versionId, e.isLatest]),
        [
          ['null', true],
          [v1, false],
        ],
      );
      assert.equal(await getText(Bucket, 'k', 'null'), 'suspended-2');
      assert.equal(await getText(Bucket, 'k'), 'suspended-2');
      // Once versioning is configured, a null version is named as such on reads (S3 sends x-amz-version-id: null).
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'k' }))).VersionId, 'null');
      assert.equal((await s3.send(new GetObjectCommand({ Bucket, Key: 'k' }))).VersionId, 'null');

      // DELETE without an id: a null delete marker replaces the null version.
      const del = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'k' }));
      assert.equal(del.DeleteMarker, true);
      assert.equal(del.VersionId, 'null');
      assert.deepEqual(await rawVersionList(node.server, Bucket), [
        { key: 'k', versionId: 'null', isLatest: true, deleteMarker: true },
        { key: 'k', versionId: v1, isLatest: false, deleteMarker: false },
      ]);
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'k' })), 'NoSuchKey', 404);
      assert.equal(await getText(Bucket, 'k', v1), 'enabled-1');

      // Enabled again: new versions stack on top of the null marker.
      await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
      const v3 = await put(Bucket, 'k', 'enabled-2');
      assert.deepEqual(
        (await rawVersionList(node.server, Bucket)).map((e) => [e.versionId, e.isLatest, e.deleteMarker]),
        [
          [v3, true, false],
          ['null', false, true],
          [v1, false, false],
        ],
      );
      const unmarked = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'k', VersionId: 'null' }));
      assert.equal(unmarked.DeleteMarker, true);
      assert.equal(unmarked.VersionId, 'null');
      assert.deepEqual(
        (await rawVersionList(node.server, Bucket)).map((e) => e.versionId),
        [v3, v1],
      );
    });

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
      const ordered: Listed[] = [...expected.keys()]
        .sort()
        .flatMap((key) => expected.get(key)!.map((e, i) => ({ ...e, isLatest: i === 0 })));
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

    it('DeleteObjects deletes versions by id and reports the delete markers it makes and removes', async () => {
      const Bucket = await newBucket('Enabled');
      const x1 = await put(Bucket, 'x', 'x1');
      const x2 = await put(Bucket, 'x', 'x2');
      const y1 = await put(Bucket, 'y', 'y1');
      const res = await s3.send(
        new DeleteObjectsCommand({
          Bucket,
          Delete: { Objects: [{ Key: 'x', VersionId: x1 }, { Key: 'y' }, { Key: 'never-written' }, { Key: 'x', VersionId: 'abc' }] },
        }),
      );
      const byKey = new Map((res.Deleted ?? []).map((d) => [`${d.Key}/${d.VersionId ?? ''}`, d]));
      const x = byKey.get(`x/${x1}`);
      assert.ok(x, JSON.stringify(res.Deleted));
      assert.notEqual(x.DeleteMarker, true);
      const y = byKey.get('y/');
      assert.ok(y, JSON.stringify(res.Deleted));
      assert.equal(y.DeleteMarker, true);
      assert.ok(y.DeleteMarkerVersionId, 'the new marker is named');
      assert.notEqual(y.DeleteMarkerVersionId, y1);
      // S3 puts a delete marker even on a key that never existed.
      assert.equal(byKey.get('never-written/')?.DeleteMarker, true);
      assert.equal(res.Errors?.length, 1, 'the malformed version id fails alone');
      assert.equal(res.Errors?.[0]?.Key, 'x');
      assert.equal(res.Errors?.[0]?.VersionId, 'abc');

      assert.equal(await getText(Bucket, 'x'), 'x2');
      assert.deepEqual(
        (await rawVersionList(node.server, Bucket, { prefix: 'x' })).map((e) => e.versionId),
        [x2],
      );
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'y' })), 'NoSuchKey', 404);

      // A well-formed id that names nothing is reported deleted, as S3 does.
      const unknown = unknownVersionLike(x2);
      const none = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'x', VersionId: unknown }] } }));
      assert.deepEqual(
        none.Deleted?.map((d) => [d.Key, d.VersionId, d.DeleteMarker]),
        [['x', unknown, undefined]],
      );
      assert.equal(none.Errors, undefined);

      // Deleting the marker by id, in a batch, restores y.
      const unmark = await s3.send(
        new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'y', VersionId: y.DeleteMarkerVersionId! }] } }),
      );
      assert.equal(unmark.Deleted?.length, 1);
      assert.equal(unmark.Deleted?.[0]?.VersionId, y.DeleteMarkerVersionId);
      assert.equal(unmark.Deleted?.[0]?.DeleteMarker, true);
      assert.equal(await getText(Bucket, 'y'), 'y1');

      // Suspended: the marker a batch delete leaves is the null version.
      await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Suspended' } }));
      const suspended = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'y' }] } }));
      assert.deepEqual(
        suspended.Deleted?.map((d) => [d.Key, d.DeleteMarker, d.DeleteMarkerVersionId]),
        [['y', true, 'null']],
      );
      assert.deepEqual(
        (await rawVersionList(node.server, Bucket, { prefix: 'y' })).map((e) => [e.versionId, e.deleteMarker]),
        [
          ['null', true],
          [y1, false],
        ],
      );
    });

    it('DeleteObjects names the removed delete marker in DeleteMarkerVersionId, as S3 documents', async () => {
      const Bucket = await newBucket('Enabled');
      await put(Bucket, 'z', 'z1');
      const marker = (await s3.send(new DeleteObjectCommand({ Bucket, Key: 'z' }))).VersionId!;
      const res = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'z', VersionId: marker }] } }));
      assert.equal(res.Deleted?.[0]?.DeleteMarker, true);
      assert.equal(res.Deleted?.[0]?.DeleteMarkerVersionId, marker);
    });

    it('CopyObject from a key under a delete marker is 404 NoSuchKey, the version below copies by id, the marker itself copies nothing', async () => {
      const Bucket = await newBucket('Enabled');
      const v1 = await put(Bucket, 'src', 'source');
      const marker = (await s3.send(new DeleteObjectCommand({ Bucket, Key: 'src' }))).VersionId!;
      await expectS3Error(s3.send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource: `${Bucket}/src` })), 'NoSuchKey', 404);
      // The version under the marker can still be copied by id.
      const copied = await s3.send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource: `${Bucket}/src?versionId=${v1}` }));
      assert.equal(copied.CopySourceVersionId, v1);
      assert.equal(await getText(Bucket, 'dst'), 'source');
      // Naming the marker itself is a 4xx and writes nothing.
      await assert.rejects(
        s3.send(new CopyObjectCommand({ Bucket, Key: 'dst2', CopySource: `${Bucket}/src?versionId=${marker}` })),
        (err: { $metadata?: { httpStatusCode?: number } }) => {
          const status = err.$metadata?.httpStatusCode ?? 0;
          return status >= 400 && status < 500;
        },
      );
      await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'dst2' })), 'NotFound', 404);
    });

    it('CopyObject naming a delete marker as its source answers 400 InvalidRequest, as S3 does', async () => {
      const Bucket = await newBucket('Enabled');
      await put(Bucket, 'src', 'source');
      const marker = (await s3.send(new DeleteObjectCommand({ Bucket, Key: 'src' }))).VersionId!;
      await expectS3Error(
        s3.send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource: `${Bucket}/src?versionId=${marker}` })),
        'InvalidRequest',
        400,
      );
    });

    it('a versioned bucket refuses DeleteBucket (BucketNotEmpty) until every version and delete marker is gone', async () => {
      const Bucket = await newBucket('Enabled');
      const a1 = await put(Bucket, 'a', 'a1');
      const a2 = await put(Bucket, 'a', 'a2');
      const marker = (await s3.send(new DeleteObjectCommand({ Bucket, Key: 'a' }))).VersionId!;
      const b1 = await put(Bucket, 'b', 'b1');
      await expectS3Error(s3.send(new DeleteBucketCommand({ Bucket })), 'BucketNotEmpty', 409);
      // Nothing is current any more once b goes under a marker too, but the versions still count.
      const bMarker = (await s3.send(new DeleteObjectCommand({ Bucket, Key: 'b' }))).VersionId!;
      assert.equal((await s3.send(new ListObjectsV2Command({ Bucket }))).KeyCount, 0);
      await expectS3Error(s3.send(new DeleteBucketCommand({ Bucket })), 'BucketNotEmpty', 409);
      for (const [Key, VersionId] of [
        ['a', a1],
        ['a', a2],
        ['b', b1],
        ['b', bMarker],
      ] as const)
        await s3.send(new DeleteObjectCommand({ Bucket, Key, VersionId }));
      // Only a delete marker is left: still not empty.
      assert.deepEqual((await listVersions(s3, { Bucket })).entries, [{ key: 'a', versionId: marker, isLatest: true, deleteMarker: true }]);
      await expectS3Error(s3.send(new DeleteBucketCommand({ Bucket })), 'BucketNotEmpty', 409);
      await s3.send(new DeleteObjectCommand({ Bucket, Key: 'a', VersionId: marker }));
      await s3.send(new DeleteBucketCommand({ Bucket }));
      await expectS3Error(s3.send(new HeadBucketCommand({ Bucket })), 'NotFound', 404);
    });

    it('a malformed version id is 400 InvalidArgument; a well-formed unknown one is 404 NoSuchVersion', async () => {
      const Bucket = await newBucket('Enabled');
      const v = await put(Bucket, 'k', 'body');
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'k', VersionId: 'abc' })), 'InvalidArgument', 400);
      await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'k', VersionId: 'abc' })), '*', 400);
      await expectS3Error(s3.send(new DeleteObjectCommand({ Bucket, Key: 'k', VersionId: 'abc' })), 'InvalidArgument', 400);
      // AWS answers this one InvalidRequest ("Invalid Request"), every other operation InvalidArgument: either is a 400 clients stop on.
      const badCopy = await expectS3Error(
        s3.send(new CopyObjectCommand({ Bucket, Key: 'copy', CopySource: `${Bucket}/k?versionId=abc` })),
        '*',
        400,
      );
      assert.ok(['InvalidArgument', 'InvalidRequest'].includes(String(badCopy.name)), String(badCopy.name));
      // An empty version id is not "no version id".
      const empty = await sendSigned({ port: node.server.port, method: 'GET', path: `/${Bucket}/k`, query: { versionId: '' } });
      assert.equal(empty.status, 400);
      assert.equal(errorCode(empty.body), 'InvalidArgument');
      const unknown = unknownVersionLike(v);
      const raw = await sendSigned({ port: node.server.port, method: 'GET', path: `/${Bucket}/k`, query: { versionId: unknown } });
      assert.equal(raw.status, 404);
      assert.equal(errorCode(raw.body), 'NoSuchVersion');
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'k', VersionId: unknown })), 'NoSuchVersion', 404);
      await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'k', VersionId: unknown })), '*', 404);
      await expectS3Error(
        s3.send(new CopyObjectCommand({ Bucket, Key: 'copy', CopySource: `${Bucket}/k?versionId=${unknown}` })),
        'NoSuchVersion',
        404,
      );
      // Nothing was touched by any of that.
      assert.deepEqual((await listVersions(s3, { Bucket })).entries, [{ key: 'k', versionId: v, isLatest: true, deleteMarker: false }]);
    });

    // Races last: on layouts where they fail, what they leave behind stays in their own buckets.
    it('concurrent writers and deleters on one key each get their own version; exactly one is current', races, async () => {
      const Bucket = await newBucket('Enabled');
      const writes = await Promise.all(
        Array.from({ length: 16 }, (_, i) => s3.send(new PutObjectCommand({ Bucket, Key: 'hot', Body: `writer ${i}` }))),
      );
      // The version the listing calls latest is the one GET serves.
      const latest = (await rawVersionList(node.server, Bucket)).filter((e) => e.isLatest);
      assert.equal(latest.length, 1);
      const current = await s3.send(new GetObjectCommand({ Bucket, Key: 'hot' }));
      assert.equal(current.VersionId, latest[0]!.versionId);
      assert.equal(await text(current), `writer ${writes.findIndex((w) => w.VersionId === latest[0]!.versionId)}`);
      const deletes = await Promise.all(Array.from({ length: 4 }, () => s3.send(new DeleteObjectCommand({ Bucket, Key: 'hot' }))));
      const written = writes.map((w) => w.VersionId!);
      const markers = deletes.map((d) => d.VersionId!);
      assert.equal(new Set([...written, ...markers]).size, 20, 'twenty distinct version ids');
      const listed = await rawVersionList(node.server, Bucket);
      assert.deepEqual(listed.map((e) => e.versionId).sort(), [...written, ...markers].sort());
      assert.equal(listed.filter((e) => e.isLatest).length, 1);
      assert.equal(listed[0]!.isLatest, true);
      // The markers came after every write, so one of them is on top.
      assert.equal(listed[0]!.deleteMarker, true);
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'hot' })), 'NoSuchKey', 404);
      // Every version still reads back by id with its own body.
      for (const [i, id] of written.entries()) assert.equal(await getText(Bucket, 'hot', id), `writer ${i}`);
      // A conditional create succeeds over a delete marker: there is no current object.
      const created = await s3.send(new PutObjectCommand({ Bucket, Key: 'hot', Body: 'after markers', IfNoneMatch: '*' }));
      assert.equal(await getText(Bucket, 'hot'), 'after markers');
      await expectS3Error(
        s3.send(new PutObjectCommand({ Bucket, Key: 'hot', Body: 'again', IfNoneMatch: '*' })),
        'PreconditionFailed',
        412,
      );
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'hot' }))).VersionId, created.VersionId);
    });

    it(
      'concurrent PUTs to one key of an unversioned bucket leave one version; after DELETE the bucket is empty and deletable',
      races,
      async () => {
        for (let round = 0; round < 4; round++) {
          const Bucket = await newBucket();
          await Promise.all(
            Array.from({ length: 16 }, (_, i) => s3.send(new PutObjectCommand({ Bucket, Key: 'hot', Body: `writer ${i}` }))),
          );
          assert.deepEqual(
            await rawVersionList(node.server, Bucket),
            [{ key: 'hot', versionId: 'null', isLatest: true, deleteMarker: false }],
            `round ${round}`,
          );
          await s3.send(new DeleteObjectCommand({ Bucket, Key: 'hot' }));
          assert.equal((await s3.send(new ListObjectsV2Command({ Bucket }))).KeyCount, 0);
          assert.deepEqual(await rawVersionList(node.server, Bucket), [], `round ${round}: nothing is left of the key`);
          await s3.send(new DeleteBucketCommand({ Bucket }));
        }
      },
    );

    it('a Suspended bucket keeps one null version per key, whatever the writers race', races, async () => {
      const Bucket = await newBucket('Suspended');
      const writes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          s3.send(new PutObjectCommand({ Bucket, Key: 'hot', Body: i % 2 === 0 ? `small ${i}` : randomBytes(200_000) })),
        ),
      );
      assert.deepEqual([...new Set(writes.map((w) => w.VersionId))], ['null']);
      const listed = await rawVersionList(node.server, Bucket);
      assert.deepEqual(listed, [{ key: 'hot', versionId: 'null', isLatest: true, deleteMarker: false }]);
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'hot' }));
      assert.ok(
        writes.some((w) => w.ETag === head.ETag),
        'the survivor is one of the writes',
      );
      const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'hot' }));
      const part = await s3.send(new UploadPartCommand({ Bucket, Key: 'hot', UploadId: upload.UploadId!, PartNumber: 1, Body: 'mpu' }));
      const done = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: 'hot',
          UploadId: upload.UploadId!,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] },
        }),
      );
      assert.equal(done.VersionId, 'null');
      assert.equal((await rawVersionList(node.server, Bucket)).length, 1);
      assert.equal(await getText(Bucket, 'hot', 'null'), 'mpu');
    });
  });
}

versioningSuite('single drive', singleDrive);
versioningSuite('4-drive erasure set', () => erasureNode(4));
// 18 drives make two erasure sets of 9: keys spread over both, and listings merge the sets' pages.
versioningSuite('2 erasure sets of 9 drives', () => erasureNode(18));
