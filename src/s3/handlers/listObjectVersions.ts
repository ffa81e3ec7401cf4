import type { ListObjectsInput } from '../../storage/index.js';
import { bucketOf, type RequestContext } from '../context.js';
import { sendXml } from '../http/respond.js';
import { intParam } from '../http/validate.js';
import { tag, xmlDocument } from '../xml/index.js';
import { commonPrefixesXml, delimiterOf, listEncoding, objectEntry } from './listing.js';

/**
 * ListObjectVersions on buckets that have never had versioning enabled: S3
 * lists each object once, as its "null" version. (Versioning is a later issue;
 * tools such as rclone --s3-versions and the console call this already.)
 */
export async function listObjectVersions(ctx: RequestContext): Promise<void> {
  const q = ctx.endpoint.query;
  const bucket = bucketOf(ctx);
  const encoding = listEncoding(q);
  const maxKeys = intParam(q, 'max-keys', 1, 1000, 1000);
  const prefix = q.get('prefix') ?? '';
  const delimiter = delimiterOf(q);
  const keyMarker = q.get('key-marker') ?? '';
  const versionIdMarker = q.get('version-id-marker') ?? '';

  const input: ListObjectsInput = { bucket, maxKeys };
  if (prefix !== '') input.prefix = prefix;
  if (delimiter !== undefined) input.delimiter = delimiter;
  if (keyMarker !== '') input.startAfter = keyMarker;
  const result = await ctx.store.listObjects(input, ctx.signal);

  let xml = tag('Name', bucket) + tag('Prefix', encoding.encode(prefix)) + tag('KeyMarker', encoding.encode(keyMarker)) + tag('VersionIdMarker', versionIdMarker);
  if (result.isTruncated && result.nextStartAfter !== undefined) {
    xml += tag('NextKeyMarker', encoding.encode(result.nextStartAfter)) + tag('NextVersionIdMarker', 'null');
  }
  xml += tag('MaxKeys', maxKeys);
  if (delimiter !== undefined) xml += tag('Delimiter', encoding.encode(delimiter));
  if (encoding.url) xml += tag('EncodingType', 'url');
  xml += tag('IsTruncated', result.isTruncated);
  for (const info of result.objects) xml += objectEntry(ctx, info, encoding, true, 'Version', tag('VersionId', 'null') + tag('IsLatest', true));
  xml += commonPrefixesXml(result.commonPrefixes, encoding);
  sendXml(ctx.res, 200, xmlDocument('ListVersionsResult', xml));
}
