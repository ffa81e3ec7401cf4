// Hostile request documents against the real server: DOCTYPEs, entities, deep
// nesting, bad UTF-8 and odd PartNumbers are each 400 with S3's code, never a
// 500, a crash, or a request quietly read as another one.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { type RunningServer } from '../harness.js';
import { sendSigned, type RawResponse } from '../rawRequest.js';
import { HOSTILE_BUCKET, hostileBench, md5 } from './fixture.js';

describe('hostile XML and numbers are client errors', () => {
  const bench = hostileBench();
  const { post, deleteDoc, expectError, exists } = bench;
  const Bucket = HOSTILE_BUCKET;
  let server: RunningServer;
  let s3: S3Client;
  before(() => ({ server, s3 } = bench.current()));

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
});
