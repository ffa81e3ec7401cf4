import { bucketOf, header, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { readSmallBody } from '../http/requestBody.js';
import { sendEmpty } from '../http/respond.js';
import { validateBucketName } from '../http/validate.js';
import { parseXml, text } from '../xml/index.js';

export async function createBucket(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  validateBucketName(bucket);
  const objectLockEnabled = header(ctx, 'x-amz-bucket-object-lock-enabled')?.trim().toLowerCase() === 'true';
  const body = await readSmallBody(ctx, 64 * 1024);
  let region = ctx.settings.region;
  if (body.length > 0) {
    const { root, content } = parseXml(body);
    if (root !== 'CreateBucketConfiguration') throw new S3Error('MalformedXML');
    const constraint = text(content, 'LocationConstraint');
    if (constraint !== undefined && constraint !== '') {
      // AWS rejects a constraint naming another region than the endpoint's.
      if (constraint !== ctx.settings.region) {
        throw new S3Error(
          'IllegalLocationConstraintException',
          `The ${constraint} location constraint is incompatible with the region ${ctx.settings.region} this server serves.`,
        );
      }
      region = constraint;
    }
  }
  await ctx.store.createBucket({ bucket, region, ...(objectLockEnabled ? { objectLockEnabled } : {}) }, ctx.signal);
  sendEmpty(ctx.res, 200, { Location: `/${bucket}` });
}
