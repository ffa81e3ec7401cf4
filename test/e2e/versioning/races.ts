// Versioning suite, part 5, run last: concurrent writers and deleters on one key.
// On layouts where they fail, what they leave behind stays in their own buckets.
import { before, it, type TestOptions } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { expectS3Error } from '../expect.js';
import { rawVersionList, text, type LodeNode } from '../versionTools.js';
import type { VersioningBench } from './suite.js';

/** Concurrent writers; `races` marks them todo on layouts with a known bug. */
export function raceTests(bench: VersioningBench, races: TestOptions): void {
  const { newBucket, getText } = bench;
  let node: LodeNode;
  let s3: S3Client;
  before(() => ({ node, s3 } = bench.current()));

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
    await expectS3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'hot', Body: 'again', IfNoneMatch: '*' })), 'PreconditionFailed', 412);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'hot' }))).VersionId, created.VersionId);
  });

  it(
    'concurrent PUTs to one key of an unversioned bucket leave one version; after DELETE the bucket is empty and deletable',
    races,
    async () => {
      for (let round = 0; round < 4; round++) {
        const Bucket = await newBucket();
        await Promise.all(Array.from({ length: 16 }, (_, i) => s3.send(new PutObjectCommand({ Bucket, Key: 'hot', Body: `writer ${i}` }))));
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
}
