import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startServer, type RunningServer } from './harness.js';
import { expectS3Error } from './expect.js';

const MiB = 1024 * 1024;
const md5 = (b: Buffer): Buffer => createHash('md5').update(b).digest();

describe('multipart uploads', () => {
  let server: RunningServer;
  let s3: S3Client;
  const Bucket = 'multipart';
  before(async () => {
    server = await startServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('assembles parts, with the md5-of-md5s ETag, part layout and ranges across parts', async () => {
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB + 3), randomBytes(1234)];
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket, Key: 'big.bin', ContentType: 'application/x-test', Metadata: { a: 'b' } }),
    );
    const etags: string[] = [];
    for (const [i, Body] of parts.entries()) {
      const res = await s3.send(new UploadPartCommand({ Bucket, Key: 'big.bin', UploadId, PartNumber: i + 1, Body }));
      etags.push(res.ETag!);
    }
    const listed = await s3.send(new ListPartsCommand({ Bucket, Key: 'big.bin', UploadId, MaxParts: 2 }));
    assert.deepEqual(
      listed.Parts?.map((p) => p.PartNumber),
      [1, 2],
    );
    assert.equal(listed.IsTruncated, true);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket }));
    assert.ok(uploads.Uploads?.some((u) => u.UploadId === UploadId));
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'big.bin',
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    const expected =
      createHash('md5')
        .update(Buffer.concat(parts.map(md5)))
        .digest('hex') + '-3';
    assert.equal(done.ETag, `"${expected}"`);
    const whole = Buffer.concat(parts);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'big.bin' }));
    assert.equal(got.ContentType, 'application/x-test');
    assert.deepEqual(got.Metadata, { a: 'b' });
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(whole));
    const across = await s3.send(new GetObjectCommand({ Bucket, Key: 'big.bin', Range: `bytes=${5 * MiB - 10}-${5 * MiB + 9}` }));
    assert.ok(Buffer.from(await across.Body!.transformToByteArray()).equals(whole.subarray(5 * MiB - 10, 5 * MiB + 10)));
    const part2 = await s3.send(new HeadObjectCommand({ Bucket, Key: 'big.bin', PartNumber: 2 }));
    assert.equal(part2.PartsCount, 3);
    assert.equal(part2.ContentLength, 5 * MiB + 3);
    assert.equal(part2.ContentRange, `bytes ${5 * MiB}-${10 * MiB + 2}/${whole.length}`);
    const after = await s3.send(new ListMultipartUploadsCommand({ Bucket }));
    assert.ok(!after.Uploads?.some((u) => u.UploadId === UploadId));
  });

  it('uploads with lib-storage and the SDK default checksums (FULL_OBJECT CRC32)', async () => {
    const body = randomBytes(12 * MiB + 5);
    const upload = new Upload({ client: s3, params: { Bucket, Key: 'lib-storage.bin', Body: body }, partSize: 5 * MiB, queueSize: 3 });
    await upload.done();
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'lib-storage.bin', ChecksumMode: 'ENABLED' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(body));
  });

  it('computes COMPOSITE checksums from the parts', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'composite', ChecksumAlgorithm: 'SHA256' }));
    const body = [randomBytes(5 * MiB), randomBytes(100)];
    const parts = [];
    for (const [i, Body] of body.entries()) {
      const res = await s3.send(
        new UploadPartCommand({ Bucket, Key: 'composite', UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'SHA256' }),
      );
      parts.push({ PartNumber: i + 1, ETag: res.ETag!, ChecksumSHA256: res.ChecksumSHA256! });
    }
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key: 'composite', UploadId, MultipartUpload: { Parts: parts } }),
    );
    const digests = body.map((b) => createHash('sha256').update(b).digest());
    const expected = createHash('sha256').update(Buffer.concat(digests)).digest('base64') + '-2';
    assert.equal(done.ChecksumSHA256, expected);
  });

  it('refuses small parts, unknown parts, out-of-order lists and unknown uploads', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'bad' }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket, Key: 'bad', UploadId, PartNumber: 1, Body: randomBytes(1000) }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket, Key: 'bad', UploadId, PartNumber: 2, Body: randomBytes(1000) }));
    const complete = (Parts: { ETag: string; PartNumber: number }[]): Promise<unknown> =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'bad', UploadId, MultipartUpload: { Parts } }));
    await expectS3Error(
      complete([
        { ETag: p1.ETag!, PartNumber: 1 },
        { ETag: p2.ETag!, PartNumber: 2 },
      ]),
      'EntityTooSmall',
      400,
    );
    await expectS3Error(complete([{ ETag: '"00000000000000000000000000000000"', PartNumber: 1 }]), 'InvalidPart', 400);
    await expectS3Error(
      complete([
        { ETag: p2.ETag!, PartNumber: 2 },
        { ETag: p1.ETag!, PartNumber: 1 },
      ]),
      'InvalidPartOrder',
      400,
    );
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'bad', UploadId }));
    await expectS3Error(s3.send(new UploadPartCommand({ Bucket, Key: 'bad', UploadId, PartNumber: 3, Body: 'x' })), 'NoSuchUpload', 404);
    await expectS3Error(s3.send(new ListPartsCommand({ Bucket, Key: 'bad', UploadId })), 'NoSuchUpload', 404);
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'bad' })), 'NotFound', 404);
  });

  it('copies ranges of an object into parts (UploadPartCopy)', async () => {
    const source = randomBytes(6 * MiB);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'copy-source', Body: source }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'assembled' }));
    const a = await s3.send(
      new UploadPartCopyCommand({
        Bucket,
        Key: 'assembled',
        UploadId,
        PartNumber: 1,
        CopySource: `${Bucket}/copy-source`,
        CopySourceRange: `bytes=0-${5 * MiB - 1}`,
      }),
    );
    const b = await s3.send(
      new UploadPartCopyCommand({
        Bucket,
        Key: 'assembled',
        UploadId,
        PartNumber: 2,
        CopySource: `${Bucket}/copy-source`,
        CopySourceRange: `bytes=${5 * MiB}-${6 * MiB - 1}`,
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'assembled',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: a.CopyPartResult!.ETag! },
            { PartNumber: 2, ETag: b.CopyPartResult!.ETag! },
          ],
        },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'assembled' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(source));
    await expectS3Error(
      s3.send(
        new UploadPartCopyCommand({
          Bucket,
          Key: 'assembled',
          UploadId: 'nope',
          PartNumber: 1,
          CopySource: `${Bucket}/copy-source`,
          CopySourceRange: 'bytes=0-10',
        }),
      ),
      'NoSuchUpload',
      404,
    );
  });

  it('honours If-None-Match on CompleteMultipartUpload', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'exists', Body: 'x' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'exists' }));
    const p = await s3.send(new UploadPartCommand({ Bucket, Key: 'exists', UploadId, PartNumber: 1, Body: 'y' }));
    await expectS3Error(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: 'exists',
          UploadId,
          IfNoneMatch: '*',
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p.ETag! }] },
        }),
      ),
      'PreconditionFailed',
      412,
    );
  });
});
