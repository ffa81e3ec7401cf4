import type { ListObjectVersionsInput } from '../../storage/index.js';
import type { RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { sendXml } from '../http/respond.js';
import { intParam } from '../http/validate.js';
import { isoTime, tag, wrap, xmlDocument } from '../xml/index.js';
import { commonPrefixesXml, listingQuery, objectEntry, ownerXml } from './listing.js';

/**
 * ListObjectVersions: versions and delete markers in key order, each key's
 * newest first, interleaved as S3 lists them (Version / DeleteMarker).
 */
export async function listObjectVersions(ctx: RequestContext): Promise<void> {
  const { query: q, bucket, encoding, prefix, delimiter, scope } = listingQuery(ctx);
  const maxKeys = intParam(q, 'max-keys', 0, 1000, 1000);
  const keyMarker = q.get('key-marker') ?? '';
  const versionIdMarker = q.get('version-id-marker') ?? '';
  if (versionIdMarker !== '' && keyMarker === '') {
    throw new S3Error('InvalidArgument', 'A version-id marker cannot be specified without a key marker.', {
      ArgumentName: 'version-id-marker',
      ArgumentValue: versionIdMarker,
    });
  }

  const input: ListObjectVersionsInput = { bucket, maxKeys, ...scope };
  if (keyMarker !== '') input.keyMarker = keyMarker;
  if (versionIdMarker !== '') input.versionIdMarker = versionIdMarker;
  const result = await ctx.store.listObjectVersions(input, ctx.signal);

  let xml =
    tag('Name', bucket) +
    tag('Prefix', encoding.encode(prefix)) +
    tag('KeyMarker', encoding.encode(keyMarker)) +
    tag('VersionIdMarker', versionIdMarker);
  if (result.isTruncated) {
    if (result.nextKeyMarker !== undefined) xml += tag('NextKeyMarker', encoding.encode(result.nextKeyMarker));
    if (result.nextVersionIdMarker !== undefined) xml += tag('NextVersionIdMarker', result.nextVersionIdMarker);
  }
  xml += tag('MaxKeys', maxKeys);
  if (delimiter !== undefined) xml += tag('Delimiter', encoding.encode(delimiter));
  if (encoding.url) xml += tag('EncodingType', 'url');
  xml += tag('IsTruncated', result.isTruncated);
  for (const info of result.versions) {
    const ids = tag('VersionId', info.versionId) + tag('IsLatest', info.isLatest === true);
    if (info.deleteMarker === true) {
      xml += wrap(
        'DeleteMarker',
        tag('Key', encoding.encode(info.key)) + ids + tag('LastModified', isoTime(info.lastModified)) + ownerXml(ctx),
      );
    } else {
      xml += objectEntry(ctx, info, encoding, true, 'Version', ids);
    }
  }
  xml += commonPrefixesXml(result.commonPrefixes, encoding);
  sendXml(ctx.res, 200, xmlDocument('ListVersionsResult', xml));
}
