import type { PutObjectInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { expirationHeaders } from '../http/expiration.js';
import { metadataFromRequest, quoteETag } from '../http/objectHeaders.js';
import { requestBody } from '../http/requestBody.js';
import { sendEmpty } from '../http/respond.js';
import { storageClassOf, validateKey } from '../http/validate.js';
import { versionIdHeader, writeAttributes } from '../http/writeAttributes.js';
import { checkCannedAcl } from './acl.js';
import { rejectUnsupportedObjectHeaders } from './unsupportedHeaders.js';
import { writeConditions } from './writeConditions.js';

export async function putObject(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const key = keyOf(ctx);
  validateKey(key);
  checkCannedAcl(ctx);
  rejectUnsupportedObjectHeaders(ctx);
  const metadata = metadataFromRequest(ctx);
  const storageClass = storageClassOf(ctx);
  const conditions = writeConditions(ctx);
  const body = requestBody(ctx, { maxSizeBytes: ctx.settings.maxObjectSizeBytes });
  const input: PutObjectInput = {
    bucket,
    key,
    body: body.body,
    digests: body.digests,
    sizeBytes: body.sizeBytes,
    metadata,
    ...writeAttributes(ctx),
  };
  if (storageClass !== undefined) input.storageClass = storageClass;
  if (conditions !== undefined) input.conditions = conditions;
  const result = await ctx.store.putObject(input, ctx.signal);
  const headers: Record<string, string> = { ETag: quoteETag(result.etag), ...versionIdHeader(result.versionId) };
  Object.assign(
    headers,
    await expirationHeaders(ctx, bucket, {
      key,
      sizeBytes: body.sizeBytes,
      lastModified: result.lastModified,
      ...(input.tags !== undefined ? { tags: input.tags } : {}),
    }),
  );
  if (result.checksum !== undefined) {
    headers[`x-amz-checksum-${result.checksum.algorithm.toLowerCase()}`] = result.checksum.value;
    headers['x-amz-checksum-type'] = result.checksum.type;
  }
  sendEmpty(ctx.res, 200, headers);
}
