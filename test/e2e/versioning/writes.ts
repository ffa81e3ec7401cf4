// Versioning suite, part 1: turning versioning on, the "null" version of objects
// written before it, and the version ids every kind of write answers.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { expectS3Error } from '../expect.js';
import { errorCode, sendSigned } from '../rawRequest.js';
import { listVersions, text, type LodeNode } from '../versionTools.js';
import type { VersioningBench } from './suite.js';

const md5 = (b: Buffer | Uint8Array): string => createHash('md5').update(b).digest('hex');

/** GetBucketVersioning, the null version, and version ids on PUT, COPY and CompleteMultipartUpload. */
export function writeTests(bench: VersioningBench): void {
  const { newBucket, put, getText } = bench;
  let node: LodeNode;
  let s3: S3Client;
  before(() => ({ node, s3 } = bench.current()));

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
}
