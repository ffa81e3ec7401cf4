import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from './harness.js';
import { expectS3Error } from './expect.js';

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

describe('objects', () => {
  let server: RunningServer;
  let s3: S3Client;
  const Bucket = 'objects';
  const get = async (Key: string, extra: Record<string, unknown> = {}): Promise<Buffer> => {
    const res = await s3.send(new GetObjectCommand({ Bucket, Key, ...extra }));
    return Buffer.from(await res.Body!.transformToByteArray());
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

  it('round-trips small and large bodies byte for byte, with the SDK default CRC32 checksums', async () => {
    for (const size of [0, 1, 4096, 128 * 1024, 128 * 1024 + 1, 3 * 1024 * 1024 + 17]) {
      const body = randomBytes(size);
      const put = await s3.send(new PutObjectCommand({ Bucket, Key: `sized/${size}`, Body: body }));
      assert.equal(put.ETag, `"${md5(body)}"`);
      assert.ok(put.ChecksumCRC32, 'PutObject answers the CRC32 the SDK sent');
      const got = await get(`sized/${size}`);
      assert.equal(got.length, size);
      assert.ok(got.equals(body), `size ${size}`);
    }
  });

  it('accepts a streamed body of unknown length (aws-chunked with a trailing checksum)', async () => {
    const body = randomBytes(300_000);
    const stream = Readable.from([body.subarray(0, 100_000), body.subarray(100_000)]);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'streamed', Body: stream, ContentLength: body.length }));
    assert.ok((await get('streamed')).equals(body));
  });

  it('stores every supported checksum algorithm and returns it with checksum mode', async () => {
    const body = Buffer.from('checksummed body');
    for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      const Key = `sum/${algorithm}`;
      const put = await s3.send(new PutObjectCommand({ Bucket, Key, Body: body, ChecksumAlgorithm: algorithm }));
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }));
      const field = `Checksum${algorithm}` as const;
      assert.ok(put[field], `${algorithm} answered on PUT`);
      assert.equal(head[field], put[field], algorithm);
    }
  });

  it('keeps metadata and HTTP headers, and applies response-* overrides', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'meta',
        Body: 'x',
        ContentType: 'text/plain; charset=utf-8',
        ContentDisposition: 'attachment; filename="a.txt"',
        ContentLanguage: 'en',
        CacheControl: 'max-age=60',
        Metadata: { project: 'lode', 'run-id': '42' },
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'meta' }));
    assert.equal(head.ContentType, 'text/plain; charset=utf-8');
    assert.equal(head.ContentDisposition, 'attachment; filename="a.txt"');
    assert.equal(head.ContentLanguage, 'en');
    assert.equal(head.CacheControl, 'max-age=60');
    assert.deepEqual(head.Metadata, { project: 'lode', 'run-id': '42' });
    assert.equal(head.ContentLength, 1);
    const res = await s3.send(
      new GetObjectCommand({ Bucket, Key: 'meta', ResponseContentType: 'application/json', ResponseCacheControl: 'no-cache' }),
    );
    assert.equal(res.ContentType, 'application/json');
    assert.equal(res.CacheControl, 'no-cache');
    await res.Body!.transformToByteArray();
  });

  it('refuses metadata over 2 KB', async () => {
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'big-meta', Body: 'x', Metadata: { a: 'v'.repeat(2100) } })),
      'MetadataTooLarge',
      400,
    );
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'big-meta' })), 'NotFound', 404);
  });

  it('serves byte ranges and refuses unsatisfiable ones', async () => {
    const body = Buffer.from('0123456789abcdefghij');
    await s3.send(new PutObjectCommand({ Bucket, Key: 'range', Body: body }));
    const r1 = await s3.send(new GetObjectCommand({ Bucket, Key: 'range', Range: 'bytes=2-5' }));
    assert.equal(r1.ContentRange, 'bytes 2-5/20');
    assert.equal(r1.$metadata.httpStatusCode, 206);
    assert.equal(Buffer.from(await r1.Body!.transformToByteArray()).toString(), '2345');
    assert.equal((await get('range', { Range: 'bytes=-3' })).toString(), 'hij');
    assert.equal((await get('range', { Range: 'bytes=15-' })).toString(), 'fghij');
    assert.equal((await get('range', { Range: 'bytes=18-100' })).toString(), 'ij');
    await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'range', Range: 'bytes=20-' })), 'InvalidRange', 416);
  });

  it('answers conditional reads with 304 and 412', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'cond', Body: 'conditional' }));
    const etag = put.ETag!;
    await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'cond', IfNoneMatch: etag })), '*', 304);
    await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'cond', IfMatch: '"0000"' })), 'PreconditionFailed', 412);
    // HEAD errors carry no body, so the SDK cannot name the code: the status says it.
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'cond', IfMatch: '"0000"' })), '*', 412);
    const future = new Date(Date.now() + 3600_000);
    const past = new Date(Date.now() - 3600_000);
    await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'cond', IfModifiedSince: future })), '*', 304);
    await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'cond', IfUnmodifiedSince: past })), 'PreconditionFailed', 412);
    // If-Match decides over If-Unmodified-Since.
    assert.equal((await get('cond', { IfMatch: etag, IfUnmodifiedSince: past })).toString(), 'conditional');
    // If-None-Match decides over If-Modified-Since.
    assert.equal((await get('cond', { IfNoneMatch: '"other"', IfModifiedSince: future })).toString(), 'conditional');
  });

  it('applies conditional writes atomically: of 20 concurrent creates exactly one wins', async () => {
    await expectS3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'cond', Body: 'again', IfNoneMatch: '*' })), 'PreconditionFailed', 412);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => s3.send(new PutObjectCommand({ Bucket, Key: 'race', Body: `writer ${i}`, IfNoneMatch: '*' }))),
    );
    const winners = results.filter((r) => r.status === 'fulfilled');
    assert.equal(winners.length, 1);
    for (const r of results)
      if (r.status === 'rejected') assert.equal((r.reason as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode, 412);
    const current = await s3.send(new HeadObjectCommand({ Bucket, Key: 'race' }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'race', Body: 'replaced', IfMatch: current.ETag! }));
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'race', Body: 'stale', IfMatch: current.ETag! })),
      'PreconditionFailed',
      412,
    );
    await expectS3Error(s3.send(new DeleteObjectCommand({ Bucket, Key: 'race', IfMatch: '"nope"' })), 'PreconditionFailed', 412);
    assert.equal((await get('race')).toString(), 'replaced');
  });

  it('stores keys with spaces, plus signs, percent signs and unicode, up to 1024 bytes', async () => {
    const keys = ['with space.txt', 'a+b=c&d.bin', '100%/done', 'données/été.csv', '中文/文件', 'semi;colon$[x]#frag', 'k'.repeat(1024)];
    for (const Key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: 'objects', Key: `odd/${Key}`.slice(0, 1024), Body: Key }));
    }
    for (const Key of keys) assert.equal((await get(`odd/${Key}`.slice(0, 1024))).toString(), Key);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'odd/' }));
    const names = listed.Contents!.map((c) => c.Key!);
    const sorted = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual(names, sorted);
    assert.equal(names.length, keys.length);
    await expectS3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'k'.repeat(1025), Body: 'x' })), 'KeyTooLongError', 400);
  });

  it('copies objects, keeps or replaces metadata, and refuses a pointless self-copy', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket, Key: 'src+file name.txt', Body: 'copy me', Metadata: { origin: 'src' }, ContentType: 'text/plain' }),
    );
    const copied = await s3.send(
      new CopyObjectCommand({ Bucket, Key: 'dst', CopySource: `${Bucket}/${encodeURIComponent('src+file name.txt')}` }),
    );
    assert.ok(copied.CopyObjectResult?.ETag);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'dst' }));
    assert.deepEqual(head.Metadata, { origin: 'src' });
    assert.equal(head.ContentType, 'text/plain');
    await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'dst',
        CopySource: `${Bucket}/dst`,
        MetadataDirective: 'REPLACE',
        Metadata: { origin: 'replaced' },
      }),
    );
    assert.deepEqual((await s3.send(new HeadObjectCommand({ Bucket, Key: 'dst' }))).Metadata, { origin: 'replaced' });
    assert.equal((await get('dst')).toString(), 'copy me');
    await expectS3Error(s3.send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource: `${Bucket}/dst` })), 'InvalidRequest', 400);
    await expectS3Error(
      s3.send(new CopyObjectCommand({ Bucket, Key: 'dst2', CopySource: `${Bucket}/dst`, CopySourceIfMatch: '"nope"' })),
      'PreconditionFailed',
      412,
    );
    await expectS3Error(s3.send(new CopyObjectCommand({ Bucket, Key: 'dst3', CopySource: `${Bucket}/absent` })), 'NoSuchKey', 404);
  });

  it('deletes single objects idempotently and batches with DeleteObjects', async () => {
    for (const k of ['d1', 'd2', 'd3']) await s3.send(new PutObjectCommand({ Bucket, Key: `del/${k}`, Body: k }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'del/d1' }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'del/d1' }));
    await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'del/d1' })), 'NoSuchKey', 404);
    const res = await s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'del/d2' }, { Key: 'del/d3' }, { Key: 'del/never' }] } }),
    );
    assert.deepEqual(res.Deleted?.map((d) => d.Key).sort(), ['del/d2', 'del/d3', 'del/never']);
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Quiet: true, Objects: [{ Key: 'del/x' }] } }));
    assert.equal(quiet.Deleted, undefined);
    const left = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'del/' }));
    assert.equal(left.KeyCount, 0);
  });
});
