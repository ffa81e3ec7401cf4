// PutBucketVersioning: Enabled or Suspended (a bucket never goes back to
// unversioned, as in S3). MFA delete needs an MFA device this server has
// no notion of, so asking for it is refused rather than ignored.
import { bucketOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { readSmallBody } from '../http/requestBody.js';
import { sendEmpty } from '../http/respond.js';
import { parseXml, text } from '../xml/index.js';

export async function putBucketVersioning(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const body = await readSmallBody(ctx, 16 * 1024);
  const { root, content } = parseXml(body);
  if (root !== 'VersioningConfiguration') throw new S3Error('MalformedXML');
  const status = text(content, 'Status');
  if (text(content, 'MfaDelete') === 'Enabled') throw new S3Error('NotImplemented', 'MFA delete is not available on this server.');
  if (status !== 'Enabled' && status !== 'Suspended')
    throw new S3Error('MalformedXML', 'The versioning Status must be Enabled or Suspended.');
  await ctx.store.updateBucketConfig(bucket, { versioning: status }, ctx.signal);
  sendEmpty(ctx.res, 200);
}
