import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from './harness.js';
import { expectS3Error } from './expect.js';

describe('listing', () => {
  let server: RunningServer;
  let s3: S3Client;
  const Bucket = 'listing';
  const keys = ['a.txt', 'dir/1', 'dir/2', 'dir/sub/3', 'dir/sub/4', 'e e/5', 'z+z', 'é'];
  before(async () => {
    server = await startServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket }));
    await Promise.all(keys.map((Key) => s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }))));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('lists every key in UTF-8 byte order', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket }));
    assert.deepEqual(
      res.Contents?.map((c) => c.Key),
      keys,
    );
    assert.equal(res.KeyCount, keys.length);
    assert.equal(res.IsTruncated, false);
    assert.equal(res.Contents?.[0]?.Size, 5);
    assert.match(res.Contents?.[0]?.ETag ?? '', /^"[0-9a-f]{32}"$/);
  });

  it('groups by delimiter and counts CommonPrefixes in KeyCount', async () => {
    const top = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/' }));
    assert.deepEqual(
      top.Contents?.map((c) => c.Key),
      ['a.txt', 'z+z', 'é'],
    );
    assert.deepEqual(
      top.CommonPrefixes?.map((p) => p.Prefix),
      ['dir/', 'e e/'],
    );
    assert.equal(top.KeyCount, 5);
    const dir = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/', Prefix: 'dir/' }));
    assert.deepEqual(
      dir.Contents?.map((c) => c.Key),
      ['dir/1', 'dir/2'],
    );
    assert.deepEqual(
      dir.CommonPrefixes?.map((p) => p.Prefix),
      ['dir/sub/'],
    );
  });

  it('pages with MaxKeys and continuation tokens, across common prefixes', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((c) => c.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
      token = page.NextContinuationToken;
      assert.equal(page.IsTruncated, token !== undefined);
      pages++;
    } while (token !== undefined);
    assert.deepEqual(seen.sort(), ['a.txt', 'dir/', 'e e/', 'z+z', 'é'].sort());
    assert.equal(pages, 3);
  });

  it('honours StartAfter, and the token over StartAfter', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket, StartAfter: 'dir/sub/3' }));
    assert.deepEqual(
      res.Contents?.map((c) => c.Key),
      ['dir/sub/4', 'e e/5', 'z+z', 'é'],
    );
    const first = await s3.send(new ListObjectsV2Command({ Bucket, MaxKeys: 1 }));
    const second = await s3.send(
      new ListObjectsV2Command({ Bucket, MaxKeys: 1, StartAfter: 'z', ContinuationToken: first.NextContinuationToken }),
    );
    assert.equal(second.Contents?.[0]?.Key, 'dir/1');
  });

  it('URL-encodes keys with encoding-type=url', async () => {
    const res = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'e e', EncodingType: 'url' }));
    // The SDK does not decode; the wire form is percent-encoded.
    assert.equal(decodeURIComponent(res.Contents?.[0]?.Key ?? ''), 'e e/5');
    assert.notEqual(res.Contents?.[0]?.Key, 'e e/5');
  });

  it('returns owners with FetchOwner and pages ListObjects v1 by Marker', async () => {
    const owned = await s3.send(new ListObjectsV2Command({ Bucket, FetchOwner: true, MaxKeys: 1 }));
    assert.ok(owned.Contents?.[0]?.Owner?.ID);
    const v1 = await s3.send(new ListObjectsCommand({ Bucket, MaxKeys: 3 }));
    assert.deepEqual(
      v1.Contents?.map((c) => c.Key),
      ['a.txt', 'dir/1', 'dir/2'],
    );
    assert.equal(v1.IsTruncated, true);
    const next = await s3.send(new ListObjectsCommand({ Bucket, Marker: v1.NextMarker ?? 'dir/2', MaxKeys: 100 }));
    assert.deepEqual(
      next.Contents?.map((c) => c.Key),
      keys.slice(3),
    );
  });

  it('refuses a forged continuation token and a missing bucket', async () => {
    await expectS3Error(s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken: 'garbage!' })), 'InvalidArgument', 400);
    await expectS3Error(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })), 'NoSuchBucket', 404);
  });
});
