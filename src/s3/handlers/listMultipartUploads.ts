import type { ListMultipartUploadsInput } from '../../storage/index.js';
import { bucketOf, type RequestContext } from '../context.js';
import { sendXml } from '../http/respond.js';
import { intParam } from '../http/validate.js';
import { isoTime, tag, wrap, xmlDocument } from '../xml/index.js';
import { commonPrefixesXml, delimiterOf, listEncoding, ownerXml } from './listing.js';

export async function listMultipartUploads(ctx: RequestContext): Promise<void> {
  const q = ctx.endpoint.query;
  const bucket = bucketOf(ctx);
  const encoding = listEncoding(q);
  const maxUploads = intParam(q, 'max-uploads', 1, 1000, 1000);
  const prefix = q.get('prefix') ?? '';
  const delimiter = delimiterOf(q);
  const keyMarker = q.get('key-marker') ?? '';
  const uploadIdMarker = q.get('upload-id-marker') ?? '';
  const input: ListMultipartUploadsInput = { bucket, maxUploads };
  if (prefix !== '') input.prefix = prefix;
  if (delimiter !== undefined) input.delimiter = delimiter;
  if (keyMarker !== '') input.keyMarker = keyMarker;
  if (uploadIdMarker !== '' && keyMarker !== '') input.uploadIdMarker = uploadIdMarker;
  const result = await ctx.store.listMultipartUploads(input, ctx.signal);

  const owner = ownerXml(ctx);
  const initiator = wrap('Initiator', tag('ID', ctx.settings.ownerId) + tag('DisplayName', ctx.settings.ownerDisplayName));
  let xml = tag('Bucket', bucket) + tag('KeyMarker', encoding.encode(keyMarker)) + tag('UploadIdMarker', uploadIdMarker);
  if (result.isTruncated) xml += tag('NextKeyMarker', encoding.encode(result.nextKeyMarker ?? '')) + tag('NextUploadIdMarker', result.nextUploadIdMarker ?? '');
  if (delimiter !== undefined) xml += tag('Delimiter', encoding.encode(delimiter));
  xml += tag('Prefix', encoding.encode(prefix)) + tag('MaxUploads', maxUploads);
  if (encoding.url) xml += tag('EncodingType', 'url');
  xml += tag('IsTruncated', result.isTruncated);
  for (const u of result.uploads) {
    let entry = tag('Key', encoding.encode(u.key)) + tag('UploadId', u.uploadId) + initiator + owner + tag('StorageClass', u.storageClass) + tag('Initiated', isoTime(u.initiatedAt));
    if (u.checksumAlgorithm !== undefined) entry += tag('ChecksumAlgorithm', u.checksumAlgorithm);
    if (u.checksumType !== undefined) entry += tag('ChecksumType', u.checksumType);
    xml += wrap('Upload', entry);
  }
  xml += commonPrefixesXml(result.commonPrefixes, encoding);
  sendXml(ctx.res, 200, xmlDocument('ListMultipartUploadsResult', xml));
}
