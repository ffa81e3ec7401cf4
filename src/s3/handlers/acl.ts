// ACLs: every bucket and object is owned by the root account with
// FULL_CONTROL, and only the canned "private" ACL can be set — what AWS
// enforces by default since 2023 (Object Ownership: bucket owner enforced).
import { bucketOf, header, keyOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { sendEmpty, sendXml } from '../http/respond.js';
import { tag, wrap, xmlDocument } from '../xml/index.js';

function aclDocument(ctx: RequestContext): string {
  const owner = tag('ID', ctx.settings.ownerId) + tag('DisplayName', ctx.settings.ownerDisplayName);
  const grant = wrap(
    'Grant',
    `<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">${owner}</Grantee>` +
      tag('Permission', 'FULL_CONTROL'),
  );
  return xmlDocument('AccessControlPolicy', wrap('Owner', owner) + wrap('AccessControlList', grant));
}

export async function getBucketAcl(ctx: RequestContext): Promise<void> {
  await ctx.store.headBucket(bucketOf(ctx), ctx.signal);
  sendXml(ctx.res, 200, aclDocument(ctx));
}

export async function getObjectAcl(ctx: RequestContext): Promise<void> {
  await ctx.store.headObject({ bucket: bucketOf(ctx), key: keyOf(ctx) }, ctx.signal);
  sendXml(ctx.res, 200, aclDocument(ctx));
}

function checkCannedAcl(ctx: RequestContext): void {
  const canned = header(ctx, 'x-amz-acl');
  const grants = Object.keys(ctx.req.headers).some((h) => h.startsWith('x-amz-grant-'));
  if (grants || (canned !== undefined && canned !== 'private' && canned !== 'bucket-owner-full-control')) {
    throw new S3Error('AccessControlListNotSupported', 'The bucket does not allow ACLs: only the private canned ACL is accepted.');
  }
}

export async function putBucketAcl(ctx: RequestContext): Promise<void> {
  checkCannedAcl(ctx);
  await ctx.store.headBucket(bucketOf(ctx), ctx.signal);
  sendEmpty(ctx.res, 200);
}

export async function putObjectAcl(ctx: RequestContext): Promise<void> {
  checkCannedAcl(ctx);
  await ctx.store.headObject({ bucket: bucketOf(ctx), key: keyOf(ctx) }, ctx.signal);
  sendEmpty(ctx.res, 200);
}

/** Used by PutObject/CopyObject/CreateMultipartUpload: reject ACLs S3 would reject under bucket-owner-enforced. */
export { checkCannedAcl };
