// What a matching lifecycle rule makes the server announce before it acts:
// x-amz-expiration on writes and reads (JS SDK and AWS CLI), and the abort
// rule on multipart uploads (x-amz-abort-date, x-amz-abort-rule-id).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteBucketLifecycleCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { parseExpiration, lifecycleBench } from './fixture.js';

describe('bucket lifecycle', () => {
  const bench = lifecycleBench();
  const { cli, createBucket, putRules } = bench;
  let s3: S3Client;
  before(() => ({ s3 } = bench.current()));

  describe('x-amz-expiration', () => {
    const Bucket = 'lc-headers';
    const DAYS = 100_000; // ~28 hours of compressed time: announced, never reached during the test
    before(async () => {
      await createBucket(Bucket);
      await putRules(Bucket, [
        { ID: 'tmp files', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: DAYS } },
        {
          ID: 'scratch',
          Status: 'Enabled',
          Filter: { Tag: { Key: 'class', Value: 'scratch' } },
          Expiration: { Date: new Date('2035-06-01T00:00:00Z') },
        },
      ]);
    });

    it('is answered on PUT, HEAD and GET for an object a rule matches, and absent otherwise (SDK)', async () => {
      const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'tmp/a', Body: 'soon gone' }));
      const fromPut = parseExpiration(put.Expiration);
      assert.equal(fromPut.ruleId, 'tmp files');
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'tmp/a' }));
      assert.deepEqual(parseExpiration(head.Expiration), fromPut);
      const get = await s3.send(new GetObjectCommand({ Bucket, Key: 'tmp/a' }));
      await get.Body!.transformToByteArray();
      assert.deepEqual(parseExpiration(get.Expiration), fromPut);
      // DAYS compressed days of one second after the object was written (Last-Modified has whole seconds).
      const expectedMs = head.LastModified!.getTime() + DAYS * 1000;
      assert.ok(
        Math.abs(fromPut.date.getTime() - expectedMs) <= 1000,
        `expiry ${fromPut.date.toISOString()} ≈ ${new Date(expectedMs).toISOString()}`,
      );

      // A tag rule matches from the PUT that sets the tag.
      const tagged = await s3.send(new PutObjectCommand({ Bucket, Key: 'keep/tagged', Body: 'x', Tagging: 'class=scratch' }));
      assert.deepEqual(parseExpiration(tagged.Expiration), { date: new Date('2035-06-01T00:00:00Z'), ruleId: 'scratch' });
      assert.deepEqual(
        parseExpiration((await s3.send(new HeadObjectCommand({ Bucket, Key: 'keep/tagged' }))).Expiration).ruleId,
        'scratch',
      );

      // Outside every filter: other prefix, or the tag with another value.
      const plain = await s3.send(new PutObjectCommand({ Bucket, Key: 'keep/b', Body: 'stays' }));
      assert.equal(plain.Expiration, undefined);
      const otherTag = await s3.send(new PutObjectCommand({ Bucket, Key: 'keep/c', Body: 'stays', Tagging: 'class=gold' }));
      assert.equal(otherTag.Expiration, undefined);
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'keep/b' }))).Expiration, undefined);
      const getPlain = await s3.send(new GetObjectCommand({ Bucket, Key: 'keep/c' }));
      await getPlain.Body!.transformToByteArray();
      assert.equal(getPlain.Expiration, undefined);
    });

    it('is shown by the AWS CLI (put-object, head-object)', async () => {
      const put = (await cli(['put-object', '--bucket', Bucket, '--key', 'tmp/cli'])) as { Expiration?: string };
      assert.equal(parseExpiration(put.Expiration).ruleId, 'tmp files');
      const head = (await cli(['head-object', '--bucket', Bucket, '--key', 'tmp/cli'])) as { Expiration?: string };
      assert.equal(head.Expiration, put.Expiration);
      const plain = (await cli(['head-object', '--bucket', Bucket, '--key', 'keep/b'])) as { Expiration?: string; ContentLength: number };
      assert.equal(plain.ContentLength, 5);
      assert.equal(plain.Expiration, undefined);
    });

    // S3 documents x-amz-expiration on the CompleteMultipartUpload and CopyObject answers too;
    // Lode's handlers (src/s3/handlers/completeMultipartUpload.ts, copyObject.ts) do not send it.
    it('is answered on CompleteMultipartUpload and CopyObject', async () => {
      const Key = 'tmp/multipart';
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
      const part = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: randomBytes(1000) }));
      const done = await s3.send(
        new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }),
      );
      assert.equal(
        parseExpiration((await s3.send(new HeadObjectCommand({ Bucket, Key }))).Expiration).ruleId,
        'tmp files',
        'HEAD announces the completed upload',
      );
      await s3.send(new PutObjectCommand({ Bucket, Key: 'keep/source', Body: 'copied' }));
      const copied = await s3.send(new CopyObjectCommand({ Bucket, Key: 'tmp/copy', CopySource: `${Bucket}/keep/source` }));
      const announced = (value: string | undefined): string | undefined =>
        value === undefined ? undefined : parseExpiration(value).ruleId;
      assert.deepEqual(
        { complete: announced(done.Expiration), copy: announced(copied.Expiration) },
        { complete: 'tmp files', copy: 'tmp files' },
      );
    });

    it('follows a rule change at once (deleting the rules removes the header)', async () => {
      await s3.send(new DeleteBucketLifecycleCommand({ Bucket }));
      assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'tmp/a' }))).Expiration, undefined);
    });
  });

  // S3 announces a matching abort rule on CreateMultipartUpload and ListParts
  // (x-amz-abort-date, x-amz-abort-rule-id); src/s3/handlers/createMultipartUpload.ts and listParts.ts do not.
  it('announces the abort rule on CreateMultipartUpload and ListParts (x-amz-abort-date, x-amz-abort-rule-id)', async () => {
    const Bucket = 'lc-abort-headers';
    await createBucket(Bucket);
    await putRules(Bucket, [
      {
        ID: 'patient uploads',
        Status: 'Enabled',
        Filter: { Prefix: 'ckpt/' },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 100_000 },
      },
    ]);
    const Key = 'ckpt/run-7';
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    try {
      const parts = await s3.send(new ListPartsCommand({ Bucket, Key, UploadId: created.UploadId }));
      assert.deepEqual({ create: created.AbortRuleId, list: parts.AbortRuleId }, { create: 'patient uploads', list: 'patient uploads' });
      // 100,000 compressed days of one second after initiation.
      const dueMs = Date.now() + 100_000 * 1000;
      assert.ok(
        created.AbortDate !== undefined && Math.abs(created.AbortDate.getTime() - dueMs) < 60_000,
        `AbortDate ${String(created.AbortDate)}`,
      );
    } finally {
      await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: created.UploadId }));
    }
  });
});
