// Versioning suite, part 4: DeleteObjects by version, CopyObject around delete
// markers, and what is refused (DeleteBucket while versions remain, bad version ids).
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { expectS3Error } from '../expect.js';
import { errorCode, sendSigned } from '../rawRequest.js';
import { listVersions, rawVersionList, unknownVersionLike, type LodeNode } from '../versionTools.js';
import type { VersioningBench } from './suite.js';

/** Batch deletes by version, copies from under a marker, and the refusals. */
export function batchAndRefusalTests(bench: VersioningBench): void {
  const { newBucket, put, getText } = bench;
  let node: LodeNode;
  let s3: S3Client;
  before(() => ({ node, s3 } = bench.current()));

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
}
