import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startServer, type RunningServer } from './harness.js';
import { expectS3Error } from './expect.js';
import { errorCode, sendSigned } from './rawRequest.js';

describe('authentication', () => {
  let server: RunningServer;
  let s3: S3Client;
  const Bucket = 'auth';
  before(async () => {
    server = await startServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('refuses a wrong secret, an unknown key and anonymous requests', async () => {
    const wrong = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'lodetestroot', secretAccessKey: 'wrong-secret-key' },
      maxAttempts: 1,
    });
    await expectS3Error(wrong.send(new ListBucketsCommand({})), 'SignatureDoesNotMatch', 403);
    const unknown = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'whatever-secret' },
      maxAttempts: 1,
    });
    await expectS3Error(unknown.send(new ListBucketsCommand({})), 'InvalidAccessKeyId', 403);
    const anonymous = await fetch(`${server.endpoint}/${Bucket}`);
    assert.equal(anonymous.status, 403);
    assert.equal(errorCode(await anonymous.text()), 'AccessDenied');
    wrong.destroy();
    unknown.destroy();
  });

  it('refuses a request signed 20 minutes off the server clock', async () => {
    const res = await sendSigned({ port: server.port, method: 'GET', path: '/', signingDate: new Date(Date.now() - 20 * 60_000) });
    assert.equal(res.status, 403);
    assert.equal(errorCode(res.body), 'RequestTimeTooSkewed');
  });

  it('serves presigned GET and PUT, with keys that need encoding, and refuses expired ones', async () => {
    const Key = 'presigned/a b+c ü.txt';
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key }), { expiresIn: 300 });
    const put = await fetch(putUrl, { method: 'PUT', body: 'via presigned put' });
    assert.equal(put.status, 200, await put.text());
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key }), { expiresIn: 300 });
    const got = await fetch(getUrl);
    assert.equal(await got.text(), 'via presigned put');
    const expiredUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key }), {
      expiresIn: 1,
      signingDate: new Date(Date.now() - 60_000),
    });
    const expired = await fetch(expiredUrl);
    assert.equal(expired.status, 403);
    const body = await expired.text();
    assert.equal(errorCode(body), 'AccessDenied');
    assert.match(body, /Request has expired/);
    const tampered = await fetch(getUrl.replace('presigned', 'presignex'));
    assert.equal(tampered.status, 403);
    await tampered.text();
  });

  it('answers with request ids and S3 headers', async () => {
    const res = await sendSigned({ port: server.port, method: 'GET', path: '/' });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['x-amz-request-id']), /^[0-9A-F]{16}$/);
    assert.ok(res.headers['x-amz-id-2']);
    assert.equal(res.headers['server'], 'Lode');
    assert.ok(res.headers['date']);
  });
});
