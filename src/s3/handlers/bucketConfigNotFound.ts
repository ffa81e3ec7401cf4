// Bucket configurations Lode does not store yet. S3 answers these GETs on a
// bucket that has none configured with a specific "not found" error, which
// clients (s3cmd info, rclone, the console) treat as "none": that is the
// truthful answer here, not a stub of the feature.
import { bucketOf, type RequestContext } from '../context.js';
import { S3Error, type S3ErrorCode } from '../errors.js';

function notConfigured(code: S3ErrorCode) {
  return async (ctx: RequestContext): Promise<void> => {
    const bucket = bucketOf(ctx);
    await ctx.store.headBucket(bucket, ctx.signal);
    throw new S3Error(code, undefined, { BucketName: bucket });
  };
}

export const getBucketPolicy = notConfigured('NoSuchBucketPolicy');
export const getBucketCors = notConfigured('NoSuchCORSConfiguration');
export const getBucketEncryption = notConfigured('ServerSideEncryptionConfigurationNotFoundError');
export const getBucketWebsite = notConfigured('NoSuchWebsiteConfiguration');

export async function unsupported(ctx: RequestContext): Promise<void> {
  const names = [...ctx.endpoint.query.keys()].join(', ');
  throw new S3Error(
    'NotImplemented',
    `This S3 feature (${ctx.req.method} ${names === '' ? 'request' : `?${names}`}) is not available on this server yet.`,
  );
}
