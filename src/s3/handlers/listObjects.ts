import type { RequestContext } from '../context.js';
import { sendXml } from '../http/respond.js';
import { intParam } from '../http/validate.js';
import { tag, xmlDocument } from '../xml/index.js';
import { commonPrefixesXml, listingQuery, listObjectsPage, objectEntry } from './listing.js';

/** ListObjects (version 1): Marker / NextMarker paging; owners always shown. */
export async function listObjects(ctx: RequestContext): Promise<void> {
  const { query: q, bucket, encoding, prefix, delimiter, scope } = listingQuery(ctx);
  const maxKeys = intParam(q, 'max-keys', 0, 1000, 1000);
  const marker = q.get('marker') ?? '';
  const result = await listObjectsPage(ctx, maxKeys, { bucket, ...scope, ...(marker !== '' ? { startAfter: marker } : {}) });

  // With encoding-type=url, AWS encodes Marker, NextMarker, Delimiter, keys and
  // common prefixes here but echoes Prefix as sent; botocore decodes exactly those.
  let xml = tag('Name', bucket) + tag('Prefix', prefix) + tag('Marker', encoding.encode(marker));
  if (result.isTruncated && result.nextStartAfter !== undefined) xml += tag('NextMarker', encoding.encode(result.nextStartAfter));
  xml += tag('MaxKeys', maxKeys);
  if (delimiter !== undefined) xml += tag('Delimiter', encoding.encode(delimiter));
  if (encoding.url) xml += tag('EncodingType', 'url');
  xml += tag('IsTruncated', result.isTruncated);
  for (const info of result.objects) xml += objectEntry(ctx, info, encoding, true);
  xml += commonPrefixesXml(result.commonPrefixes, encoding);
  sendXml(ctx.res, 200, xmlDocument('ListBucketResult', xml));
}
