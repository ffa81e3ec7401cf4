// Numbers in query strings are plain digits, and XML documents that change
// state need Content-MD5 or a checksum (which the JS SDK and the AWS CLI send).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type RunningServer } from '../harness.js';
import { sendSigned, type RawResponse } from '../rawRequest.js';
import { aws, awsEnv } from '../tools.js';
import { HOSTILE_BUCKET, crc32Header, hostileBench, md5 } from './fixture.js';

describe('hostile XML and numbers are client errors', () => {
  const bench = hostileBench();
  const { post, deleteDoc, expectError, exists } = bench;
  const Bucket = HOSTILE_BUCKET;
  let server: RunningServer;
  let s3: S3Client;
  before(() => ({ server, s3 } = bench.current()));

  it('numbers in query strings are plain digits: partNumber, max-keys, max-parts, max-uploads, part-number-marker', async () => {
    const Key = 'mp-query';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    for (const n of ['1.0', '0x1', ' 1', '+1', '1e0', '']) {
      const res = await sendSigned({
        port: server.port,
        method: 'PUT',
        path: `/${Bucket}/${Key}`,
        query: { partNumber: n, uploadId: UploadId! },
        body: 'part',
      });
      expectError(res, 400, 'InvalidArgument', `UploadPart partNumber=${JSON.stringify(n)}`);
      assert.match(res.body, /Part number must be an integer between 1 and 10000, inclusive/);
    }
    await s3.send(new PutObjectCommand({ Bucket, Key: 'plain', Body: 'plain' }));
    for (const n of ['1.0', '0x1', '+1', '1e0']) {
      expectError(
        await sendSigned({ port: server.port, method: 'GET', path: `/${Bucket}/plain`, query: { partNumber: n } }),
        400,
        'InvalidArgument',
        `GetObject partNumber=${n}`,
      );
    }
    const listings: Array<[string, Record<string, string>, string]> = [
      ['ListObjectsV2', { 'list-type': '2' }, 'max-keys'],
      ['ListObjects', {}, 'max-keys'],
      ['ListObjectVersions', { versions: '' }, 'max-keys'],
      ['ListMultipartUploads', { uploads: '' }, 'max-uploads'],
    ];
    for (const [op, query, name] of listings) {
      for (const n of ['1.0', '0x1', '+1', '1e0', '-1', '2147483648']) {
        const res = await sendSigned({ port: server.port, method: 'GET', path: `/${Bucket}`, query: { ...query, [name]: n } });
        expectError(res, 400, 'InvalidArgument', `${op} ${name}=${n}`);
        assert.match(res.body, new RegExp(`Provided ${name} not an integer or within integer range`));
        assert.match(res.body, new RegExp(`<ArgumentName>${name}</ArgumentName>`));
      }
    }
    for (const name of ['max-parts', 'part-number-marker']) {
      for (const n of ['1.0', '0x1', '+1', '1e0']) {
        expectError(
          await sendSigned({ port: server.port, method: 'GET', path: `/${Bucket}/${Key}`, query: { uploadId: UploadId!, [name]: n } }),
          400,
          'InvalidArgument',
          `ListParts ${name}=${n}`,
        );
      }
    }
    // Leading zeros are still digits.
    const listed = await sendSigned({
      port: server.port,
      method: 'GET',
      path: `/${Bucket}`,
      query: { 'list-type': '2', 'max-keys': '01' },
    });
    assert.equal(listed.status, 200, listed.body);
    assert.match(listed.body, /<MaxKeys>1<\/MaxKeys>/);
  });

  it('DeleteObjects and PutBucketLifecycleConfiguration need Content-MD5 or a checksum; a wrong one is BadDigest', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'keep', Body: 'k' }));
    const body = deleteDoc('keep');
    const missing = await post({ delete: '' }, body, {});
    expectError(missing, 400, 'InvalidRequest', 'DeleteObjects without Content-MD5');
    assert.match(missing.body, /<Message>Missing required header for this request: Content-MD5<\/Message>/);
    // Naming an algorithm without a value is not a checksum.
    expectError(await post({ delete: '' }, body, { 'x-amz-sdk-checksum-algorithm': 'CRC32' }), 400, 'InvalidRequest', 'algorithm only');
    expectError(await post({ delete: '' }, body, { 'content-md5': md5('other') }), 400, 'BadDigest', 'wrong Content-MD5');
    expectError(await post({ delete: '' }, body, { 'content-md5': 'not-base64-md5' }), 400, 'InvalidDigest', 'invalid Content-MD5');
    expectError(await post({ delete: '' }, body, { 'x-amz-checksum-crc32': crc32Header('other') }), 400, 'BadDigest', 'wrong CRC32');
    assert.ok(await exists('keep'), 'nothing deleted by a refused request');
    const byChecksum = await post({ delete: '' }, body, { 'x-amz-checksum-crc32': crc32Header(body) });
    assert.equal(byChecksum.status, 200, byChecksum.body);
    assert.equal(await exists('keep'), false);

    const rules =
      '<LifecycleConfiguration><Rule><ID>r</ID><Filter/><Status>Enabled</Status><Expiration><Days>3</Days></Expiration></Rule></LifecycleConfiguration>';
    const putLifecycle = (headers: Record<string, string>): Promise<RawResponse> =>
      sendSigned({ port: server.port, method: 'PUT', path: `/${Bucket}`, query: { lifecycle: '' }, body: rules, headers });
    const noDigest = await putLifecycle({});
    expectError(noDigest, 400, 'InvalidRequest', 'lifecycle without Content-MD5');
    assert.match(noDigest.body, /Missing required header for this request: Content-MD5/);
    expectError(await putLifecycle({ 'content-md5': md5('other') }), 400, 'BadDigest', 'lifecycle wrong Content-MD5');
    assert.equal((await putLifecycle({ 'content-md5': md5(rules) })).status, 200);
  });

  it('the JS SDK and the AWS CLI still delete in batches and set lifecycle rules (they send a checksum)', async () => {
    for (const Key of ['b1', 'b2']) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    const deleted = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'b1' }, { Key: 'b2' }] } }));
    assert.equal(deleted.Deleted?.length, 2);
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: { Rules: [{ ID: 'sdk', Filter: { Prefix: 'x/' }, Status: 'Enabled', Expiration: { Days: 5 } }] },
      }),
    );
    assert.equal((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules?.[0]?.ID, 'sdk');

    const env = await awsEnv();
    for (const Key of ['c1', 'c2']) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    const cli = JSON.parse(
      (
        await aws(
          server,
          ['s3api', 'delete-objects', '--bucket', Bucket, '--delete', JSON.stringify({ Objects: [{ Key: 'c1' }, { Key: 'c2' }] })],
          env,
        )
      ).stdout,
    ) as { Deleted: unknown[] };
    assert.equal(cli.Deleted.length, 2);
    await aws(
      server,
      [
        's3api',
        'put-bucket-lifecycle-configuration',
        '--bucket',
        Bucket,
        '--lifecycle-configuration',
        JSON.stringify({ Rules: [{ ID: 'cli', Filter: { Prefix: 'y/' }, Status: 'Enabled', Expiration: { Days: 6 } }] }),
      ],
      env,
    );
    assert.equal((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules?.[0]?.ID, 'cli');
  });
});
