// Versioning suite, part 2: delete markers (stacked, named by id, removed) and a
// Suspended bucket's null version.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { expectS3Error } from '../expect.js';
import { errorCode, sendSigned } from '../rawRequest.js';
import { rawVersionList, text, type LodeNode } from '../versionTools.js';
import type { VersioningBench } from './suite.js';

/** Delete markers and the Suspended state. */
export function deleteMarkerTests(bench: VersioningBench): void {
  const { newBucket, put, getText } = bench;
  let node: LodeNode;
  let s3: S3Client;
  before(() => ({ node, s3 } = bench.current()));

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
}
