// Object and bucket tagging through the JS SDK: x-amz-tagging on writes,
// x-amz-tagging-count on reads, the tagging subresources (per version too),
// the tagging directive of CopyObject, and the limits S3 enforces.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
  type S3Client,
  type Tag,
} from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from './harness.js';
import { expectS3Error } from './expect.js';
import { errorCode, sendSigned } from './rawRequest.js';
import { text, unknownVersionLike } from './versionTools.js';

const tagsOf = (n: number, prefix = 'k'): Tag[] => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: `v${i}` }));
const sorted = (tags: Tag[] | undefined): Array<[string, string]> =>
  (tags ?? []).map((t): [string, string] => [t.Key!, t.Value!]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

describe('tagging', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let s3: S3Client;
  const Bucket = 'tags';
  const Versioned = 'tags-versioned';
  const objectTags = async (Key: string, VersionId?: string, bucket = Bucket): Promise<Array<[string, string]>> =>
    sorted((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key, ...(VersionId !== undefined ? { VersionId } : {}) }))).TagSet);

  before(async () => {
    server = await startServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new CreateBucketCommand({ Bucket: Versioned }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: Versioned, VersioningConfiguration: { Status: 'Enabled' } }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

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

  it('bucket tagging: NoSuchTagSet until set, Put replaces, up to 50 tags, Delete removes it (twice is fine)', async () => {
    const B = 'bucket-tags';
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    await expectS3Error(s3.send(new GetBucketTaggingCommand({ Bucket: B })), 'NoSuchTagSet', 404);
    await s3.send(
      new PutBucketTaggingCommand({
        Bucket: B,
        Tagging: {
          TagSet: [
            { Key: 'team', Value: 'ml' },
            { Key: 'env', Value: 'prod' },
          ],
        },
      }),
    );
    assert.deepEqual(sorted((await s3.send(new GetBucketTaggingCommand({ Bucket: B }))).TagSet), [
      ['env', 'prod'],
      ['team', 'ml'],
    ]);
    await s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: tagsOf(50) } }));
    assert.deepEqual(sorted((await s3.send(new GetBucketTaggingCommand({ Bucket: B }))).TagSet), sorted(tagsOf(50)));
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: B }));
    await expectS3Error(s3.send(new GetBucketTaggingCommand({ Bucket: B })), 'NoSuchTagSet', 404);
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: B }));
    await expectS3Error(s3.send(new GetBucketTaggingCommand({ Bucket: 'no-such-bucket' })), 'NoSuchBucket', 404);
    await expectS3Error(s3.send(new PutBucketTaggingCommand({ Bucket: 'no-such-bucket', Tagging: { TagSet: [] } })), 'NoSuchBucket', 404);
  });

  it('refuses tag sets S3 refuses: too many, too long, duplicate or aws: keys; the limits themselves are accepted', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'limits', Body: 'x', Tagging: 'keep=me' }));
    const B = 'bucket-limits';
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    await s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: [{ Key: 'keep', Value: 'me' }] } }));

    // At the limits: fine.
    const longKey = 'k'.repeat(128);
    const longValue = 'v'.repeat(256);
    await s3.send(
      new PutObjectTaggingCommand({ Bucket, Key: 'limits', Tagging: { TagSet: [...tagsOf(9), { Key: longKey, Value: longValue }] } }),
    );
    assert.equal((await objectTags('limits')).length, 10);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'limits-header', Body: 'x', Tagging: `${longKey}=${longValue}` }));
    await s3.send(new PutObjectTaggingCommand({ Bucket, Key: 'limits', Tagging: { TagSet: [{ Key: 'keep', Value: 'me' }] } }));

    const invalidTag: Array<[string, Tag[]]> = [
      ['a key of 129 characters', [{ Key: 'k'.repeat(129), Value: 'v' }]],
      ['a value of 257 characters', [{ Key: 'k', Value: 'v'.repeat(257) }]],
      ['an empty key', [{ Key: '', Value: 'v' }]],
      [
        'duplicate keys',
        [
          { Key: 'dup', Value: '1' },
          { Key: 'dup', Value: '2' },
        ],
      ],
      ['an aws: key', [{ Key: 'aws:createdBy', Value: 'me' }]],
    ];
    for (const [what, TagSet] of invalidTag) {
      await expectS3Error(
        s3.send(new PutObjectTaggingCommand({ Bucket, Key: 'limits', Tagging: { TagSet } })),
        'InvalidTag',
        400,
        `object: ${what}`,
      );
      await expectS3Error(s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet } })), 'InvalidTag', 400, `bucket: ${what}`);
    }
    // Over the count: 11 object tags, 51 bucket tags (S3's code for these is checked in the next test).
    await expectS3Error(
      s3.send(new PutObjectTaggingCommand({ Bucket, Key: 'limits', Tagging: { TagSet: tagsOf(11) } })),
      '*',
      400,
      '11 object tags',
    );
    await expectS3Error(s3.send(new PutBucketTaggingCommand({ Bucket: B, Tagging: { TagSet: tagsOf(51) } })), '*', 400, '51 bucket tags');

    // The same through x-amz-tagging: limits are InvalidTag, a repeated key makes the header itself InvalidArgument.
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'bad-header', Body: 'x', Tagging: `${'k'.repeat(129)}=v` })),
      'InvalidTag',
      400,
      'header: long key',
    );
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'bad-header', Body: 'x', Tagging: `k=${'v'.repeat(257)}` })),
      'InvalidTag',
      400,
      'header: long value',
    );
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'bad-header', Body: 'x', Tagging: 'aws:x=1' })),
      'InvalidTag',
      400,
      'header: aws: key',
    );
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'bad-header', Body: 'x', Tagging: 'dup=1&dup=2' })),
      'InvalidArgument',
      400,
      'header: duplicate',
    );
    await expectS3Error(
      s3.send(
        new PutObjectCommand({
          Bucket,
          Key: 'bad-header',
          Body: 'x',
          Tagging: new URLSearchParams(tagsOf(11).map((t) => [t.Key!, t.Value!])).toString(),
        }),
      ),
      '*',
      400,
      'header: 11 tags',
    );
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'bad-header' })), 'NotFound', 404);

    // A malformed document is MalformedXML.
    const malformed = await sendSigned({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/limits`,
      query: { tagging: '' },
      body: '<Tagging><TagSet><Tag><Key>only-key</Key></Tag></TagSet></Tagging>',
    });
    assert.equal(malformed.status, 400);
    assert.equal(errorCode(malformed.body), 'MalformedXML');

    // Nothing above changed what was stored.
    assert.deepEqual(await objectTags('limits'), [['keep', 'me']]);
    assert.deepEqual(sorted((await s3.send(new GetBucketTaggingCommand({ Bucket: B }))).TagSet), [['keep', 'me']]);
  });

  it('too many tags is 400 BadRequest, the code S3 answers ("Object tags cannot be greater than 10", "Bucket tag count cannot be greater than 50")', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'count', Body: 'x' }));
    await expectS3Error(s3.send(new PutObjectTaggingCommand({ Bucket, Key: 'count', Tagging: { TagSet: tagsOf(11) } })), 'BadRequest', 400);
    await expectS3Error(
      s3.send(
        new PutObjectCommand({
          Bucket,
          Key: 'count',
          Body: 'x',
          Tagging: new URLSearchParams(tagsOf(11).map((t) => [t.Key!, t.Value!])).toString(),
        }),
      ),
      'BadRequest',
      400,
    );
    await expectS3Error(s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tagsOf(51) } })), 'BadRequest', 400);
  });
});
