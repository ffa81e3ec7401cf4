import type { ListObjectsInput, ListObjectsResult } from '../../storage/index.js';
import { bucketOf, type RequestContext } from '../context.js';
import { sendXml } from '../http/respond.js';
import { intParam } from '../http/validate.js';
import { tag, xmlDocument } from '../xml/index.js';
import { commonPrefixesXml, delimiterOf, listEncoding, objectEntry } from './listing.js';

/** ListObjects (version 1): Marker / NextMarker paging; owners always shown. */
export async function listObjects(ctx: RequestContext): Promise<void> {
  const q = ctx.endpoint.query;
  const bucket = bucketOf(ctx);
  const encoding = listEncoding(q);
  const maxKeys = intParam(q, 'max-keys', 0, 1000, 1000);
  const prefix = q.get('prefix') ?? '';
  const delimiter = delimiterOf(q);
  const marker = q.get('marker') ?? '';

  const input: ListObjectsInput = { bucket, maxKeys: Math.max(1, maxKeys) };
  if (prefix !== '') input.prefix = prefix;
  if (delimiter !== undefined) input.delimiter = delimiter;
  if (marker !== '') input.startAfter = marker;
  let result: ListObjectsResult;
  if (maxKeys === 0) {
    await ctx.store.headBucket(bucket, ctx.signal);
    result = { objects: [], commonPrefixes: [], isTruncated: false };
  } else {
    result = await ctx.store.listObjects(input, ctx.signal);
  }

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
