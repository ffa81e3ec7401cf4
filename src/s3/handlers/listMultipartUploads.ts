import type { ListMultipartUploadsInput } from '../../storage/index.js';
import type { RequestContext } from '../context.js';
import { sendXml } from '../http/respond.js';
import { intParam } from '../http/validate.js';
import { isoTime, tag, wrap, xmlDocument } from '../xml/index.js';
import { commonPrefixesXml, listingQuery, ownerXml } from './listing.js';

export async function listMultipartUploads(ctx: RequestContext): Promise<void> {
  const { query: q, bucket, encoding, prefix, delimiter, scope } = listingQuery(ctx);
  const maxUploads = intParam(q, 'max-uploads', 1, 1000, 1000);
  const keyMarker = q.get('key-marker') ?? '';
  const uploadIdMarker = q.get('upload-id-marker') ?? '';
  const input: ListMultipartUploadsInput = { bucket, maxUploads, ...scope };
  if (keyMarker !== '') input.keyMarker = keyMarker;
  if (uploadIdMarker !== '' && keyMarker !== '') input.uploadIdMarker = uploadIdMarker;
  const result = await ctx.store.listMultipartUploads(input, ctx.signal);

  const owner = ownerXml(ctx);
  const initiator = wrap('Initiator', tag('ID', ctx.settings.ownerId) + tag('DisplayName', ctx.settings.ownerDisplayName));
  let xml = tag('Bucket', bucket) + tag('KeyMarker', encoding.encode(keyMarker)) + tag('UploadIdMarker', uploadIdMarker);
  if (result.isTruncated)
    xml += tag('NextKeyMarker', encoding.encode(result.nextKeyMarker ?? '')) + tag('NextUploadIdMarker', result.nextUploadIdMarker ?? '');
  if (delimiter !== undefined) xml += tag('Delimiter', encoding.encode(delimiter));
  xml += tag('Prefix', encoding.encode(prefix)) + tag('MaxUploads', maxUploads);
  if (encoding.url) xml += tag('EncodingType', 'url');
  xml += tag('IsTruncated', result.isTruncated);
  for (const u of result.uploads) {
    let entry =
      tag('Key', encoding.encode(u.key)) +
      tag('UploadId', u.uploadId) +
      initiator +
      owner +
      tag('StorageClass', u.storageClass) +
      tag('Initiated', isoTime(u.initiatedAt));
    if (u.checksumAlgorithm !== undefined) entry += tag('ChecksumAlgorithm', u.checksumAlgorithm);
    if (u.checksumType !== undefined) entry += tag('ChecksumType', u.checksumType);
    xml += wrap('Upload', entry);
  }
  xml += commonPrefixesXml(result.commonPrefixes, encoding);
  sendXml(ctx.res, 200, xmlDocument('ListMultipartUploadsResult', xml));
}
