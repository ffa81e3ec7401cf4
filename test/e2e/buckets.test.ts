import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from './harness.js';
import { expectS3Error } from './expect.js';

describe('buckets', () => {
  let server: RunningServer;
  let s3: S3Client;
  before(async () => {
    server = await startServer();
    s3 = server.client();
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('creates, heads, lists and deletes buckets', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'alpha' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'beta.data-1' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'alpha' }));
    const listed = await s3.send(new ListBucketsCommand({}));
    assert.deepEqual(
      listed.Buckets?.map((b) => b.Name),
      ['alpha', 'beta.data-1'],
    );
    assert.ok(listed.Buckets?.[0]?.CreationDate instanceof Date);
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'alpha' }));
    assert.equal(location.LocationConstraint, undefined);
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: 'alpha' }));
    assert.equal(versioning.Status, undefined);
    await s3.send(new DeleteBucketCommand({ Bucket: 'beta.data-1' }));
    await expectS3Error(s3.send(new HeadBucketCommand({ Bucket: 'beta.data-1' })), 'NotFound', 404);
  });

  it('accepts the server region as LocationConstraint and refuses another', async () => {
    await s3.send(
      new CreateBucketCommand({ Bucket: 'with-constraint', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } }),
    );
    await expectS3Error(
      s3.send(new CreateBucketCommand({ Bucket: 'other-region', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
      'IllegalLocationConstraintException',
      400,
    );
  });

  it('answers BucketAlreadyOwnedByYou for a second create', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'twice' }));
    await expectS3Error(s3.send(new CreateBucketCommand({ Bucket: 'twice' })), 'BucketAlreadyOwnedByYou', 409);
  });

  it('refuses invalid bucket names', async () => {
    for (const name of ['ab', 'UpperCase', 'under_score', 'a..b', '192.168.1.1', '-leading', 'x'.repeat(64)]) {
      await expectS3Error(s3.send(new CreateBucketCommand({ Bucket: name })), 'InvalidBucketName', 400, name);
    }
  });

  it('refuses to delete a bucket that holds objects', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'full' }));
    await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'k', Body: 'x' }));
    await expectS3Error(s3.send(new DeleteBucketCommand({ Bucket: 'full' })), 'BucketNotEmpty', 409);
  });

  it('answers NoSuchBucket for operations on a missing bucket', async () => {
    await expectS3Error(s3.send(new PutObjectCommand({ Bucket: 'missing-bucket', Key: 'k', Body: 'x' })), 'NoSuchBucket', 404);
    await expectS3Error(s3.send(new DeleteBucketCommand({ Bucket: 'missing-bucket' })), 'NoSuchBucket', 404);
  });
});
