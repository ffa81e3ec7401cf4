// Virtual-host-style addressing (BUCKET.DOMAIN) when the server has --domain.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from './harness.js';
import { errorCode, sendSigned } from './rawRequest.js';

describe('virtual-host-style requests', () => {
  let server: RunningServer;
  let s3: S3Client;
  before(async () => {
    server = await startServer({ extraArgs: ['--domain', 's3.lode.test'] });
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket: 'vhost' }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('takes the bucket from the Host header for PUT, GET and listing', async () => {
    const hostname = 'vhost.s3.lode.test';
    const put = await sendSigned({ port: server.port, hostname, method: 'PUT', path: '/dir/hello%20world.txt', body: 'virtual host' });
    assert.equal(put.status, 200, put.body);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'vhost', Key: 'dir/hello world.txt' }));
    assert.equal(await got.Body!.transformToString(), 'virtual host');
    const listed = await sendSigned({ port: server.port, hostname, method: 'GET', path: '/', query: { 'list-type': '2' } });
    assert.match(listed.body, /<Name>vhost<\/Name>/);
    assert.match(listed.body, /<Key>dir\/hello world.txt<\/Key>/);
    const missing = await sendSigned({ port: server.port, hostname: 'nope.s3.lode.test', method: 'GET', path: '/key' });
    assert.equal(errorCode(missing.body), 'NoSuchBucket');
  });

  it('still serves path-style requests on the bare domain and on IP addresses', async () => {
    const res = await sendSigned({
      port: server.port,
      hostname: 's3.lode.test',
      method: 'GET',
      path: '/vhost',
      query: { 'list-type': '2' },
    });
    assert.match(res.body, /<Name>vhost<\/Name>/);
  });
});
