// Object tags through the JS SDK: x-amz-tagging on writes, x-amz-tagging-count on
// reads, the tagging subresources (per version too), CopyObject's tagging
// directive, and tags given to CreateMultipartUpload.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type RunningServer } from '../harness.js';
import { expectS3Error } from '../expect.js';
import { errorCode, sendSigned } from '../rawRequest.js';
import { text, unknownVersionLike } from '../versionTools.js';
import { TAGS_BUCKET, VERSIONED_BUCKET, sorted, taggingBench } from './fixture.js';

describe('tagging', { timeout: 120_000 }, () => {
  const bench = taggingBench();
  const { objectTags } = bench;
  const Bucket = TAGS_BUCKET;
  const Versioned = VERSIONED_BUCKET;
  let server: RunningServer;
  let s3: S3Client;
  before(() => ({ server, s3 } = bench.current()));

  it('x-amz-tagging on PutObject sets the tags; GET and HEAD count them; Put/Get/DeleteObjectTagging replace, read and remove them', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'doc', Body: 'tagged', Tagging: 'b=2&a=1' }));
    assert.equal(put.VersionId, undefined);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'doc' }));
    assert.equal(got.TagCount, 2);
    assert.equal(await text(got), 'tagged');
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'doc' }))).TagCount, 2);
    const rawHead = await sendSigned({ port: server.port, method: 'HEAD', path: `/${Bucket}/doc` });
    assert.equal(rawHead.headers['x-amz-tagging-count'], '2');
    const tagging = await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'doc' }));
    assert.equal(tagging.VersionId, undefined, 'an unversioned object names no version');
    assert.deepEqual(sorted(tagging.TagSet), [
      ['a', '1'],
      ['b', '2'],
    ]);

    // The header is URL-query encoded: spaces, '/', ':' and empty values survive.
    const header = new URLSearchParams({ 'team name': 'data eng', path: 'a/b:c', empty: '', 'plus+sign': '1+1=2' }).toString();
    await s3.send(new PutObjectCommand({ Bucket, Key: 'encoded', Body: 'x', Tagging: header }));
    assert.deepEqual(await objectTags('encoded'), [
      ['empty', ''],
      ['path', 'a/b:c'],
      ['plus+sign', '1+1=2'],
      ['team name', 'data eng'],
    ]);

    await s3.send(new PutObjectTaggingCommand({ Bucket, Key: 'doc', Tagging: { TagSet: [{ Key: 'x', Value: '9' }] } }));
    assert.deepEqual(await objectTags('doc'), [['x', '9']], 'PutObjectTagging replaces the whole set');
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'doc' }))).TagCount, 1);
    assert.equal(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'doc' }))), 'tagged', 'the bytes are untouched');

    await s3.send(new DeleteObjectTaggingCommand({ Bucket, Key: 'doc' }));
    assert.deepEqual(await objectTags('doc'), []);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'doc' }))).TagCount, undefined);
    const rawAfter = await sendSigned({ port: server.port, method: 'HEAD', path: `/${Bucket}/doc` });
    assert.equal(rawAfter.headers['x-amz-tagging-count'], undefined);

    // An empty TagSet also removes the tags.
    await s3.send(new PutObjectTaggingCommand({ Bucket, Key: 'doc', Tagging: { TagSet: [{ Key: 'y', Value: '' }] } }));
    assert.deepEqual(await objectTags('doc'), [['y', '']]);
    await s3.send(new PutObjectTaggingCommand({ Bucket, Key: 'doc', Tagging: { TagSet: [] } }));
    assert.deepEqual(await objectTags('doc'), []);

    await expectS3Error(s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'absent' })), 'NoSuchKey', 404);
    await expectS3Error(
      s3.send(new PutObjectTaggingCommand({ Bucket, Key: 'absent', Tagging: { TagSet: [{ Key: 'a', Value: '1' }] } })),
      'NoSuchKey',
      404,
    );
    await expectS3Error(s3.send(new DeleteObjectTaggingCommand({ Bucket, Key: 'absent' })), 'NoSuchKey', 404);
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'absent' })), 'NotFound', 404);
  });

  it('with a VersionId, the tagging operations touch that version only', async () => {
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: Versioned, Key: 'doc', Body: 'one', Tagging: 'gen=1' }))).VersionId!;
    const v2 = (await s3.send(new PutObjectCommand({ Bucket: Versioned, Key: 'doc', Body: 'two', Tagging: 'gen=2&latest=yes' })))
      .VersionId!;
    const old = await s3.send(new GetObjectTaggingCommand({ Bucket: Versioned, Key: 'doc', VersionId: v1 }));
    assert.equal(old.VersionId, v1);
    assert.deepEqual(sorted(old.TagSet), [['gen', '1']]);
    const current = await s3.send(new GetObjectTaggingCommand({ Bucket: Versioned, Key: 'doc' }));
    assert.equal(current.VersionId, v2, 'GetObjectTagging names the version it read');
    assert.deepEqual(sorted(current.TagSet), [
      ['gen', '2'],
      ['latest', 'yes'],
    ]);
    assert.equal((await s3.send(new GetObjectCommand({ Bucket: Versioned, Key: 'doc', VersionId: v1 }))).TagCount, 1);

    const put = await s3.send(
      new PutObjectTaggingCommand({
        Bucket: Versioned,
        Key: 'doc',
        VersionId: v1,
        Tagging: {
          TagSet: [
            { Key: 'gen', Value: 'one' },
            { Key: 'old', Value: 'true' },
          ],
        },
      }),
    );
    assert.equal(put.VersionId, v1);
    assert.deepEqual(await objectTags('doc', v1, Versioned), [
      ['gen', 'one'],
      ['old', 'true'],
    ]);
    assert.deepEqual(await objectTags('doc', v2, Versioned), [
      ['gen', '2'],
      ['latest', 'yes'],
    ]);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: Versioned, Key: 'doc', VersionId: v1 }))).TagCount, 2);
    // Without a VersionId, the current version.
    const putCurrent = await s3.send(
      new PutObjectTaggingCommand({ Bucket: Versioned, Key: 'doc', Tagging: { TagSet: [{ Key: 'gen', Value: 'two' }] } }),
    );
    assert.equal(putCurrent.VersionId, v2);
    assert.deepEqual(await objectTags('doc', v2, Versioned), [['gen', 'two']]);

    const del = await s3.send(new DeleteObjectTaggingCommand({ Bucket: Versioned, Key: 'doc', VersionId: v1 }));
    assert.equal(del.VersionId, v1);
    assert.deepEqual(await objectTags('doc', v1, Versioned), []);
    assert.deepEqual(await objectTags('doc', v2, Versioned), [['gen', 'two']]);
    // Retagging makes no new version.
    const listed = await sendSigned({ port: server.port, method: 'GET', path: `/${Versioned}`, query: { versions: '', prefix: 'doc' } });
    assert.equal((listed.body.match(/<Version>/g) ?? []).length, 2);

    const unknown = unknownVersionLike(v1);
    await expectS3Error(s3.send(new GetObjectTaggingCommand({ Bucket: Versioned, Key: 'doc', VersionId: unknown })), 'NoSuchVersion', 404);
    await expectS3Error(
      s3.send(new PutObjectTaggingCommand({ Bucket: Versioned, Key: 'doc', VersionId: unknown, Tagging: { TagSet: [] } })),
      'NoSuchVersion',
      404,
    );
    await expectS3Error(s3.send(new GetObjectTaggingCommand({ Bucket: Versioned, Key: 'doc', VersionId: 'abc' })), 'InvalidArgument', 400);

    // Under a delete marker: the key is gone (404), the marker has no tags to give (405).
    const marker = (await s3.send(new DeleteObjectCommand({ Bucket: Versioned, Key: 'doc' }))).VersionId!;
    await expectS3Error(s3.send(new GetObjectTaggingCommand({ Bucket: Versioned, Key: 'doc' })), 'NoSuchKey', 404);
    await expectS3Error(
      s3.send(new GetObjectTaggingCommand({ Bucket: Versioned, Key: 'doc', VersionId: marker })),
      'MethodNotAllowed',
      405,
    );
    await expectS3Error(
      s3.send(new PutObjectTaggingCommand({ Bucket: Versioned, Key: 'doc', VersionId: marker, Tagging: { TagSet: [] } })),
      'MethodNotAllowed',
      405,
    );
    assert.deepEqual(await objectTags('doc', v2, Versioned), [['gen', 'two']]);
  });

  it('CopyObject keeps the source tags (TaggingDirective COPY, the default) or takes x-amz-tagging (REPLACE)', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'src', Body: 'source', Tagging: 'a=1&b=2' }));
    await s3.send(new CopyObjectCommand({ Bucket, Key: 'copy-default', CopySource: `${Bucket}/src` }));
    assert.deepEqual(await objectTags('copy-default'), [
      ['a', '1'],
      ['b', '2'],
    ]);
    // COPY ignores x-amz-tagging.
    await s3.send(
      new CopyObjectCommand({ Bucket, Key: 'copy-copy', CopySource: `${Bucket}/src`, TaggingDirective: 'COPY', Tagging: 'z=9' }),
    );
    assert.deepEqual(await objectTags('copy-copy'), [
      ['a', '1'],
      ['b', '2'],
    ]);
    await s3.send(
      new CopyObjectCommand({ Bucket, Key: 'copy-replace', CopySource: `${Bucket}/src`, TaggingDirective: 'REPLACE', Tagging: 'z=9' }),
    );
    assert.deepEqual(await objectTags('copy-replace'), [['z', '9']]);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'copy-replace' }))).TagCount, 1);
    await s3.send(new CopyObjectCommand({ Bucket, Key: 'copy-none', CopySource: `${Bucket}/src`, TaggingDirective: 'REPLACE' }));
    assert.deepEqual(await objectTags('copy-none'), []);
    const bad = await sendSigned({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/copy-bad`,
      headers: { 'x-amz-copy-source': `/${Bucket}/src`, 'x-amz-tagging-directive': 'MOVE' },
    });
    assert.equal(bad.status, 400);
    assert.equal(errorCode(bad.body), 'InvalidArgument');
    // A version copied by id brings that version's tags.
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: Versioned, Key: 'vsrc', Body: '1', Tagging: 'gen=1' }))).VersionId!;
    await s3.send(new PutObjectCommand({ Bucket: Versioned, Key: 'vsrc', Body: '2', Tagging: 'gen=2' }));
    await s3.send(new CopyObjectCommand({ Bucket, Key: 'from-version', CopySource: `${Versioned}/vsrc?versionId=${v1}` }));
    assert.deepEqual(await objectTags('from-version'), [['gen', '1']]);
  });

  it('tags given to CreateMultipartUpload are on the completed object', async () => {
    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'mpu', Tagging: 'stage=raw&owner=ml' }));
    const part = await s3.send(new UploadPartCommand({ Bucket, Key: 'mpu', UploadId: upload.UploadId!, PartNumber: 1, Body: 'part one' }));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'mpu',
        UploadId: upload.UploadId!,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] },
      }),
    );
    assert.deepEqual(await objectTags('mpu'), [
      ['owner', 'ml'],
      ['stage', 'raw'],
    ]);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'mpu' }))).TagCount, 2);
    // And a bad tag set is refused when the upload starts, not when it ends.
    await expectS3Error(s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'mpu-bad', Tagging: 'aws:owner=me' })), 'InvalidTag', 400);
  });
});
