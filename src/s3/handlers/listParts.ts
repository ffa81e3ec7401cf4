import type { ListPartsInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { quoteETag } from '../http/objectHeaders.js';
import { abortHeaders } from '../http/expiration.js';
import { sendXml } from '../http/respond.js';
import { intParam } from '../http/validate.js';
import { isoTime, tag, wrap, xmlDocument } from '../xml/index.js';
import { ownerXml } from './listing.js';

export async function listParts(ctx: RequestContext): Promise<void> {
  const q = ctx.endpoint.query;
  const bucket = bucketOf(ctx);
  const key = keyOf(ctx);
  const uploadId = q.get('uploadId') ?? '';
  const maxParts = intParam(q, 'max-parts', 1, 1000, 1000);
  const marker = intParam(q, 'part-number-marker', 0, 10000, 0);
  const input: ListPartsInput = { bucket, key, uploadId, maxParts };
  if (marker > 0) input.partNumberMarker = marker;
  const result = await ctx.store.listParts(input, ctx.signal);
  const owner = ownerXml(ctx);
  let xml = tag('Bucket', bucket) + tag('Key', key) + tag('UploadId', uploadId);
  xml += wrap('Initiator', tag('ID', ctx.settings.ownerId) + tag('DisplayName', ctx.settings.ownerDisplayName)) + owner;
  xml += tag('StorageClass', result.upload.storageClass) + tag('PartNumberMarker', marker);
  if (result.isTruncated && result.nextPartNumberMarker !== undefined) xml += tag('NextPartNumberMarker', result.nextPartNumberMarker);
  xml += tag('MaxParts', maxParts) + tag('IsTruncated', result.isTruncated);
  if (result.upload.checksumAlgorithm !== undefined) xml += tag('ChecksumAlgorithm', result.upload.checksumAlgorithm);
  if (result.upload.checksumType !== undefined) xml += tag('ChecksumType', result.upload.checksumType);
  for (const part of result.parts) {
    let p =
      tag('PartNumber', part.partNumber) +
      tag('LastModified', isoTime(part.lastModified)) +
      tag('ETag', quoteETag(part.etag)) +
      tag('Size', part.sizeBytes);
    if (part.checksum !== undefined) p += tag(`Checksum${part.checksum.algorithm}`, part.checksum.value);
    xml += wrap('Part', p);
  }
  sendXml(ctx.res, 200, xmlDocument('ListPartsResult', xml), await abortHeaders(ctx, bucket, key, result.upload.initiatedAt));
}
