// Bucket tagging through the JS SDK, and the limits S3 enforces on tag sets
// (count, length, duplicate and aws: keys) with the codes S3 answers.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand,
  DeleteBucketTaggingCommand,
  GetBucketTaggingCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
  type Tag,
} from '@aws-sdk/client-s3';
import { type RunningServer } from '../harness.js';
import { expectS3Error } from '../expect.js';
import { errorCode, sendSigned } from '../rawRequest.js';
import { TAGS_BUCKET, sorted, tagsOf, taggingBench } from './fixture.js';

describe('tagging', { timeout: 120_000 }, () => {
  const bench = taggingBench();
  const { objectTags } = bench;
  const Bucket = TAGS_BUCKET;
  let server: RunningServer;
  let s3: S3Client;
  before(() => ({ server, s3 } = bench.current()));

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
