// Requests the fuzzer (test/fuzz) found to break the server, kept as plain
// regression tests: each once cost a worker or answered InternalError.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from './harness.js';
import { errorCode, sendSigned } from './rawRequest.js';

describe('fuzzer findings stay fixed', () => {
  let server: RunningServer;
  let s3: S3Client;
  const Bucket = 'fuzz-findings';
  const noWorkerExit = (): void => assert.doesNotMatch(server.output(), /exited \(|Unhandled|Uncaught/);
  before(async () => {
    server = await startServer({ workers: 1 });
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'hello' }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('a body the handler never reads may still fail its digest without killing the worker', { timeout: 20_000 }, async () => {
    const wrongSha = '0'.repeat(64);
    const noBucket = await sendSigned({
      port: server.port,
      method: 'PUT',
      path: '/no-such-bucket-here/k',
      body: 'x'.repeat(2000),
      payloadHash: wrongSha,
    });
    assert.equal(errorCode(noBucket.body), 'NoSuchBucket');
    const ifMatch = await sendSigned({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/k`,
      headers: { 'if-match': '"nope"' },
      body: 'x'.repeat(2000),
      payloadHash: wrongSha,
    });
    assert.equal(ifMatch.status, 412);
    // The late 'error' is emitted on a later tick: make sure the worker is still there to answer.
    const probe = await sendSigned({ port: server.port, method: 'GET', path: `/${Bucket}/k` });
    assert.equal(probe.body, 'hello');
    noWorkerExit();
  });

  it('a path starting with // names no bucket: InvalidBucketName, not InternalError', { timeout: 20_000 }, async () => {
    const res = await sendSigned({ port: server.port, method: 'GET', path: `//${Bucket}`, query: { lifecycle: '' } });
    assert.equal(res.status, 400);
    assert.equal(errorCode(res.body), 'InvalidBucketName');
  });

  it('response-* overrides: control characters are InvalidArgument, unicode goes out as UTF-8', { timeout: 20_000 }, async () => {
    const crlf = await sendSigned({
      port: server.port,
      method: 'GET',
      path: `/${Bucket}/k`,
      query: { 'response-content-disposition': 'a\r\nb: c' },
    });
    assert.equal(crlf.status, 400);
    assert.equal(errorCode(crlf.body), 'InvalidArgument');
    const head = await sendSigned({
      port: server.port,
      method: 'HEAD',
      path: `/${Bucket}/k`,
      query: { 'response-content-language': 'a\nb' },
    });
    assert.equal(head.status, 400);
    const unicode = await sendSigned({
      port: server.port,
      method: 'GET',
      path: `/${Bucket}/k`,
      query: { 'response-content-disposition': 'attachment; filename="ключ😀.txt"' },
    });
    assert.equal(unicode.status, 200);
    assert.equal(
      Buffer.from(String(unicode.headers['content-disposition']), 'latin1').toString('utf8'),
      'attachment; filename="ключ😀.txt"',
    );
    noWorkerExit();
  });

  it('a listing prefix longer than any key lists nothing (was InternalError from the index)', { timeout: 20_000 }, async () => {
    const prefix = 'x'.repeat(3000);
    for (const query of [{ prefix }, { 'list-type': '2', prefix }, { versions: '', prefix }, { uploads: '', prefix }]) {
      const res = await sendSigned({ port: server.port, method: 'GET', path: `/${Bucket}`, query });
      assert.equal(res.status, 200, JSON.stringify(Object.keys(query)));
      assert.doesNotMatch(res.body, /<Key>|<Upload>/);
    }
  });
});
