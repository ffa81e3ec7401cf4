// What the fuzzer aims at: a few buckets (plain, versioned, object-locked),
// small (inline) and large (> 128 KiB, streamed from data files) objects,
// versions, and open multipart uploads with parts. Names are fixed, so a seed
// replays the same requests; upload and version ids come from the server.
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

export interface Upload {
  bucket: string;
  key: string;
  uploadId: string;
  etags: string[];
}

export interface World {
  buckets: string[];
  /** Bucket names the fuzzer may create and delete. */
  spareBuckets: string[];
  smallKeys: string[];
  largeKeys: string[];
  uploads: Upload[];
  versionIds: string[];
}

export const LARGE_OBJECT_BYTES = [300 * 1024, 1024 * 1024 + 17];

export async function seedWorld(s3: S3Client): Promise<World> {
  const buckets = ['fz-plain', 'fz-versioned', 'fz-locked'];
  await s3.send(new CreateBucketCommand({ Bucket: 'fz-plain' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'fz-versioned' }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'fz-versioned', VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new CreateBucketCommand({ Bucket: 'fz-locked', ObjectLockEnabledForBucket: true }));
  const smallKeys = ['small.txt', 'dir/a b+c%.bin', 'ключ/ü😀', 'empty', 'dir/sub/x'];
  const largeKeys = ['large-300k.bin', 'large-1m.bin'];
  const versionIds: string[] = [];
  for (const bucket of buckets) {
    for (const [i, key] of smallKeys.entries()) {
      const res = await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: key === 'empty' ? '' : `small object ${i} `.repeat(i * 50 + 1) }),
      );
      if (res.VersionId !== undefined) versionIds.push(res.VersionId);
    }
    for (const [i, key] of largeKeys.entries()) {
      const res = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(LARGE_OBJECT_BYTES[i]!, i + 1) }));
      if (res.VersionId !== undefined) versionIds.push(res.VersionId);
    }
  }
  const again = await s3.send(new PutObjectCommand({ Bucket: 'fz-versioned', Key: 'small.txt', Body: 'second version' }));
  if (again.VersionId !== undefined) versionIds.push(again.VersionId);
  const uploads: Upload[] = [];
  for (let i = 0; i < 6; i++) {
    const bucket = buckets[i % buckets.length]!;
    const key = `mpu/${i}`;
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const etags: string[] = [];
    for (let part = 1; part <= 2; part++) {
      const res = await s3.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: created.UploadId!,
          PartNumber: part,
          Body: Buffer.alloc(1024 * part, part),
        }),
      );
      etags.push(res.ETag ?? '');
    }
    uploads.push({ bucket, key, uploadId: created.UploadId!, etags });
  }
  return { buckets, spareBuckets: ['fz-new-1', 'fz-new-2', 'fz-new-3'], smallKeys, largeKeys, uploads, versionIds };
}
