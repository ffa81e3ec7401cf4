import type { UploadPartInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { parsePartNumber } from '../http/conditions.js';
import { quoteETag } from '../http/objectHeaders.js';
import { requestBody } from '../http/requestBody.js';
import { sendEmpty } from '../http/respond.js';

/** AWS: a part is at most 5 GiB. */
const MAX_PART_BYTES = 5 * 1024 ** 3;

export function uploadTarget(ctx: RequestContext): { bucket: string; key: string; uploadId: string; partNumber: number } {
  const q = ctx.endpoint.query;
  const uploadId = q.get('uploadId') ?? '';
  const partNumber = parsePartNumber(q.get('partNumber'));
  if (partNumber === undefined) throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive.');
  return { bucket: bucketOf(ctx), key: keyOf(ctx), uploadId, partNumber };
}

export async function uploadPart(ctx: RequestContext): Promise<void> {
  const target = uploadTarget(ctx);
  // The part's checksum algorithm comes from the upload when the client names none.
  const upload = await ctx.store.listParts({ bucket: target.bucket, key: target.key, uploadId: target.uploadId, maxParts: 1 }, ctx.signal);
  const algorithm = upload.upload.checksumAlgorithm;
  const body = requestBody(ctx, {
    maxSizeBytes: MAX_PART_BYTES,
    ...(algorithm !== undefined ? { defaultChecksumAlgorithm: algorithm } : {}),
  });
  if (algorithm !== undefined && body.checksumAlgorithm !== algorithm) {
    body.body.destroy();
    throw new S3Error(
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${algorithm.toLowerCase()}, actual checksum Type: ${(body.checksumAlgorithm ?? 'none').toLowerCase()}`,
    );
  }
  const input: UploadPartInput = { ...target, body: body.body, digests: body.digests, sizeBytes: body.sizeBytes };
  const part = await ctx.store.uploadPart(input, ctx.signal);
  const headers: Record<string, string> = { ETag: quoteETag(part.etag) };
  if (part.checksum !== undefined) headers[`x-amz-checksum-${part.checksum.algorithm.toLowerCase()}`] = part.checksum.value;
  sendEmpty(ctx.res, 200, headers);
}
