import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from './harness.js';
import { expectS3Error } from './expect.js';
import { errorCode, sendSigned, sendTruncated } from './rawRequest.js';

describe('bad input gets its S3 error and nothing is stored', () => {
  let server: RunningServer;
  let s3: S3Client;
  const Bucket = 'bad-input';
  const assertAbsent = async (Key: string): Promise<void> => {
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key })), 'NotFound', 404, Key);
  };
  before(async () => {
    server = await startServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('malformed XML → MalformedXML', async () => {
    for (const body of ['<Delete><Object><Key>a</Key></Object>', 'not xml at all', '<Wrong/>']) {
      const res = await sendSigned({
        port: server.port,
        method: 'POST',
        path: `/${Bucket}`,
        query: { delete: '' },
        body,
        headers: { 'content-md5': createHash('md5').update(body).digest('base64') },
      });
      assert.equal(res.status, 400, body);
      assert.equal(errorCode(res.body), 'MalformedXML', body);
      assert.match(res.body, /<RequestId>[0-9A-F]{16}<\/RequestId>/);
      assert.match(res.body, /<Resource>\/bad-input<\/Resource>/);
    }
    const complete = await sendSigned({
      port: server.port,
      method: 'POST',
      path: `/${Bucket}/k`,
      query: { uploadId: 'x' },
      body: '<CompleteMultipartUpload><Part>',
    });
    assert.equal(errorCode(complete.body), 'MalformedXML');
  });

  it('a body shorter than Content-Length → nothing stored (IncompleteBody when the client can still hear it)', async () => {
    const reply = await sendTruncated({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/short`,
      declaredLength: 1000,
      sentBytes: Buffer.alloc(500, 1),
    });
    if (reply !== '') {
      assert.match(reply, /^HTTP\/1\.1 400/);
      assert.equal(errorCode(reply), 'IncompleteBody');
    }
    await assertAbsent('short');
    const large = await sendTruncated({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/short-large`,
      declaredLength: 10_000_000,
      sentBytes: Buffer.alloc(3_000_000, 2),
    });
    if (large !== '') assert.equal(errorCode(large), 'IncompleteBody');
    await assertAbsent('short-large');
  });

  it('a wrong Content-MD5 → BadDigest; an invalid one → InvalidDigest', async () => {
    const body = 'payload';
    const wrong = createHash('md5').update('other').digest('base64');
    const res = await sendSigned({ port: server.port, method: 'PUT', path: `/${Bucket}/md5`, body, headers: { 'content-md5': wrong } });
    assert.equal(res.status, 400);
    assert.equal(errorCode(res.body), 'BadDigest');
    const invalid = await sendSigned({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/md5`,
      body,
      headers: { 'content-md5': 'nope' },
    });
    assert.equal(errorCode(invalid.body), 'InvalidDigest');
    await assertAbsent('md5');
  });

  it('a body that does not match x-amz-content-sha256 → XAmzContentSHA256Mismatch', async () => {
    const res = await sendSigned({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/sha`,
      body: 'actual',
      payloadHash: createHash('sha256').update('declared').digest('hex'),
    });
    assert.equal(res.status, 400);
    assert.equal(errorCode(res.body), 'XAmzContentSHA256Mismatch');
    await assertAbsent('sha');
  });

  it('a wrong x-amz-checksum-crc32 header or trailer → BadDigest', async () => {
    const header = await sendSigned({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/crc`,
      body: 'data',
      headers: { 'x-amz-checksum-crc32': 'AAAAAA==' },
    });
    assert.equal(errorCode(header.body), 'BadDigest');
    const data = 'hello trailer';
    const framed = `${data.length.toString(16)}\r\n${data}\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`;
    const trailer = await sendSigned({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/crc`,
      body: framed,
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': String(data.length),
        'x-amz-trailer': 'x-amz-checksum-crc32',
      },
    });
    assert.equal(trailer.status, 400);
    assert.equal(errorCode(trailer.body), 'BadDigest');
    await assertAbsent('crc');
  });

  it('a key over 1024 bytes → KeyTooLongError', async () => {
    const res = await sendSigned({ port: server.port, method: 'PUT', path: `/${Bucket}/${'k'.repeat(1025)}`, body: 'x' });
    assert.equal(errorCode(res.body), 'KeyTooLongError');
  });

  it('an unknown bucket → NoSuchBucket with BucketName', async () => {
    const res = await sendSigned({ port: server.port, method: 'GET', path: '/no-such-bucket/key' });
    assert.equal(res.status, 404);
    assert.equal(errorCode(res.body), 'NoSuchBucket');
    assert.match(res.body, /<BucketName>no-such-bucket<\/BucketName>/);
    const head = await sendSigned({ port: server.port, method: 'HEAD', path: '/no-such-bucket' });
    assert.equal(head.status, 404);
    assert.equal(head.body, '', 'HEAD errors have no body');
  });

  it('a PUT without Content-Length → MissingContentLength', async () => {
    const res = await sendSigned({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/chunked`,
      payloadHash: 'UNSIGNED-PAYLOAD',
      headers: { 'transfer-encoding': 'chunked' },
      body: 'abc',
    });
    assert.equal(res.status, 411);
    assert.equal(errorCode(res.body), 'MissingContentLength');
  });

  it('oversized request headers are refused before any handler runs', async () => {
    const res = await fetch(`${server.endpoint}/${Bucket}/k`, { headers: { 'x-amz-meta-big': 'x'.repeat(20_000) } });
    assert.equal(res.status, 431);
    await res.arrayBuffer();
  });

  it('features Lode lacks answer NotImplemented rather than another XML', async () => {
    const res = await sendSigned({ port: server.port, method: 'GET', path: `/${Bucket}`, query: { replication: '' } });
    assert.equal(res.status, 501);
    assert.equal(errorCode(res.body), 'NotImplemented');
  });

  it('leaves the bucket empty after all of the above', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket }));
    assert.equal(listed.KeyCount, 0);
  });
});
