// Hostile request documents and numbers against the real server: each is the
// client's error (400 with S3's code), never a 500, a crash, or a request
// quietly read as another one (a different key deleted, part 1 completed).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketLifecycleConfigurationCommand,
  HeadObjectCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from './harness.js';
import { errorCode, sendSigned, type RawResponse } from './rawRequest.js';
import { aws, awsEnv } from './tools.js';

const md5 = (body: Buffer | string): string => createHash('md5').update(body).digest('base64');
const crc32Header = (body: Buffer | string): string => {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(crc32(Buffer.from(body)) >>> 0);
  return value.toString('base64');
};

describe('hostile XML and numbers are client errors', () => {
  let server: RunningServer;
  let s3: S3Client;
  const Bucket = 'hostile';

  const post = (
    query: Record<string, string>,
    body: Buffer | string,
    headers: Record<string, string> = { 'content-md5': md5(body) },
    path = `/${Bucket}`,
  ): Promise<RawResponse> => sendSigned({ port: server.port, method: 'POST', path, query, body, headers });
  const deleteDoc = (keyXml: string): string => `<Delete><Object><Key>${keyXml}</Key></Object></Delete>`;
  const expectError = (res: RawResponse, status: number, code: string, note: string): void => {
    assert.equal(res.status, status, `${note}: ${res.body}`);
    assert.equal(errorCode(res.body), code, note);
  };
  const exists = async (Key: string): Promise<boolean> => {
    try {
      await s3.send(new HeadObjectCommand({ Bucket, Key }));
      return true;
    } catch {
      return false;
    }
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

  it('DOCTYPE, entities, deep nesting and reserved element names → 400 MalformedXML on every XML operation', async () => {
    const bomb =
      '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>';
    const hostile: Record<string, string> = {
      doctype: '<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY x "abc">]>' + deleteDoc('&x;'),
      external: '<!DOCTYPE Delete [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + deleteDoc('&x;'),
      parameter: '<!DOCTYPE Delete [<!ENTITY % p "<!ENTITY x \'y\'>"> %p;]>' + deleteDoc('&x;'),
      expansion: bomb + deleteDoc('&c;&c;&c;&c;'),
      deep: '<Delete>' + '<Object>'.repeat(50_000) + '</Object>'.repeat(50_000) + '</Delete>',
      proto: '<Delete><__proto__><Key>a</Key></__proto__><Object><Key>a</Key></Object></Delete>',
      constructor: '<Delete><constructor><Key>a</Key></constructor><Object><Key>a</Key></Object></Delete>',
      htmlEntity: deleteDoc('a&nbsp;b'),
    };
    for (const [name, body] of Object.entries(hostile))
      expectError(await post({ delete: '' }, body), 400, 'MalformedXML', `DeleteObjects ${name}`);
    const lifecycle = (rules: string): string => `<LifecycleConfiguration>${rules}</LifecycleConfiguration>`;
    const put = async (query: Record<string, string>, body: string, path = `/${Bucket}`): Promise<RawResponse> =>
      sendSigned({ port: server.port, method: 'PUT', path, query, body, headers: { 'content-md5': md5(body) } });
    expectError(
      await put(
        { lifecycle: '' },
        bomb + lifecycle('<Rule><Prefix>&c;</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>'),
      ),
      400,
      'MalformedXML',
      'lifecycle bomb',
    );
    expectError(
      await put({ lifecycle: '' }, lifecycle('<Rule><__proto__>x</__proto__></Rule>')),
      400,
      'MalformedXML',
      'lifecycle __proto__',
    );
    expectError(
      await put({ tagging: '' }, '<Tagging>' + '<TagSet>'.repeat(1000) + '</TagSet>'.repeat(1000) + '</Tagging>'),
      400,
      'MalformedXML',
      'tagging deep',
    );
    expectError(
      await put(
        { versioning: '' },
        '<!DOCTYPE v [<!ENTITY s "Enabled">]><VersioningConfiguration><Status>&s;</Status></VersioningConfiguration>',
      ),
      400,
      'MalformedXML',
      'versioning entity',
    );
    await s3.send(new PutObjectCommand({ Bucket, Key: 'tagged', Body: 'x' }));
    expectError(
      await put({ tagging: '' }, '<Tagging><TagSet><Tag><Key>k</Key><Value>&#0;</Value></Tag></TagSet></Tagging>', `/${Bucket}/tagged`),
      400,
      'MalformedXML',
      'object tagging NUL',
    );
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'mp-hostile' }));
    expectError(
      await post(
        { uploadId: UploadId! },
        '<!DOCTYPE c [<!ENTITY n "1">]><CompleteMultipartUpload><Part><PartNumber>&n;</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>',
        {},
        `/${Bucket}/mp-hostile`,
      ),
      400,
      'MalformedXML',
      'complete entity',
    );
    assert.doesNotMatch(server.output(), /request failed|InternalError|uncaught/i, 'no request failed on the server');
  });

  it('invalid UTF-8 or a NUL in a DeleteObjects key is MalformedXML and deletes nothing (not another key)', async () => {
    // What decoding with replacement characters, or dropping the NUL, would have turned the key into.
    for (const Key of ['a\uFFFDb', 'ab', 'a\uFFFD']) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    const bodies: Array<[string, Buffer]> = [
      [
        'invalid byte',
        Buffer.concat([Buffer.from('<Delete><Object><Key>a'), Buffer.from([0xff]), Buffer.from('b</Key></Object></Delete>')]),
      ],
      [
        'truncated sequence',
        Buffer.concat([Buffer.from('<Delete><Object><Key>a'), Buffer.from([0xe2, 0x82]), Buffer.from('</Key></Object></Delete>')]),
      ],
      [
        'overlong encoding',
        Buffer.concat([Buffer.from('<Delete><Object><Key>a'), Buffer.from([0xc1, 0xa2]), Buffer.from('</Key></Object></Delete>')]),
      ],
      ['raw NUL', Buffer.from(deleteDoc('a\u0000b'))],
      ['NUL reference', Buffer.from(deleteDoc('a&#0;b'))],
      ['control character reference', Buffer.from(deleteDoc('a&#x1;b'))],
      ['surrogate reference', Buffer.from(deleteDoc('a&#xDC00;b'))],
    ];
    for (const [name, body] of bodies) expectError(await post({ delete: '' }, body), 400, 'MalformedXML', name);
    for (const Key of ['a\uFFFDb', 'ab', 'a\uFFFD']) assert.ok(await exists(Key), `${JSON.stringify(Key)} must still exist`);
    // A key with real unicode still deletes exactly that key.
    await s3.send(new PutObjectCommand({ Bucket, Key: 'ключ 😀' }));
    const ok = await post({ delete: '' }, Buffer.from(deleteDoc('ключ &#x1F600;')));
    assert.equal(ok.status, 200, ok.body);
    assert.match(ok.body, /<Deleted><Key>ключ 😀<\/Key>/);
    assert.equal(await exists('ключ 😀'), false);
  });

  it('a PartNumber of 1.0, 0x1, " 1 ", +1 or 1e0 in CompleteMultipartUpload is MalformedXML, not part 1', async () => {
    const Key = 'mp-numbers';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const part = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'only part' }));
    const completeDoc = (n: string): string =>
      `<CompleteMultipartUpload><Part><PartNumber>${n}</PartNumber><ETag>${part.ETag!.replace(/"/g, '&quot;')}</ETag></Part></CompleteMultipartUpload>`;
    for (const n of ['1.0', '0x1', ' 1 ', '+1', '1e0', '', 'one', '-1', '99999999999']) {
      expectError(
        await post({ uploadId: UploadId! }, completeDoc(n), {}, `/${Bucket}/${Key}`),
        400,
        'MalformedXML',
        `PartNumber ${JSON.stringify(n)}`,
      );
    }
    for (const n of ['0', '10001'])
      expectError(await post({ uploadId: UploadId! }, completeDoc(n), {}, `/${Bucket}/${Key}`), 400, 'InvalidArgument', `PartNumber ${n}`);
    assert.equal(await exists(Key), false, 'no malformed Complete completed the upload');
    const done = await post({ uploadId: UploadId! }, completeDoc('1'), {}, `/${Bucket}/${Key}`);
    assert.equal(done.status, 200, done.body);
    assert.equal(await exists(Key), true);
  });

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
