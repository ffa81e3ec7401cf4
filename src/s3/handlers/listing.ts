// Shared pieces of the listing operations: the query every listing reads
// alike (bucket, encoding-type, prefix, delimiter), and entries.
import type { ListObjectsInput, ListObjectsResult, ObjectInfo } from '../../storage/index.js';
import { bucketOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { quoteETag } from '../http/objectHeaders.js';
import { isoTime, tag, wrap } from '../xml/index.js';

export interface ListEncoding {
  url: boolean;
  /** Encodes a key, prefix, delimiter or marker as the response must show it. */
  encode(value: string): string;
}

/** The part of a listing request that ListObjects (V1, V2), ListObjectVersions and ListMultipartUploads read alike. */
export interface ListingQuery {
  query: URLSearchParams;
  bucket: string;
  encoding: ListEncoding;
  /** As sent ('' when absent). */
  prefix: string;
  delimiter: string | undefined;
  /** prefix and delimiter as a storage listing input takes them: present only when given. */
  scope: { prefix?: string; delimiter?: string };
}

export function listingQuery(ctx: RequestContext): ListingQuery {
  const query = ctx.endpoint.query;
  const bucket = bucketOf(ctx);
  const encoding = listEncoding(query);
  const prefix = query.get('prefix') ?? '';
  const delimiter = delimiterOf(query);
  const scope: ListingQuery['scope'] = {};
  if (prefix !== '') scope.prefix = prefix;
  if (delimiter !== undefined) scope.delimiter = delimiter;
  return { query, bucket, encoding, prefix, delimiter, scope };
}

function listEncoding(query: URLSearchParams): ListEncoding {
  const type = query.get('encoding-type');
  if (type !== null && type !== 'url')
    throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', {
      ArgumentName: 'encoding-type',
      ArgumentValue: type,
    });
  const url = type === 'url';
  return { url, encode: url ? urlEncodeKey : (v) => v };
}

/** Percent-encoding as S3 applies it to keys with encoding-type=url; '/' stays readable. */
function urlEncodeKey(value: string): string {
  return encodeURIComponent(value)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function ownerXml(ctx: RequestContext): string {
  return wrap('Owner', tag('ID', ctx.settings.ownerId) + tag('DisplayName', ctx.settings.ownerDisplayName));
}

/** One <Contents> (or <Version>, with `inner` extra fields) entry. */
export function objectEntry(
  ctx: RequestContext,
  info: ObjectInfo,
  encoding: ListEncoding,
  withOwner: boolean,
  element = 'Contents',
  inner = '',
): string {
  let xml =
    tag('Key', encoding.encode(info.key)) +
    inner +
    tag('LastModified', isoTime(info.lastModified)) +
    tag('ETag', quoteETag(info.etag)) +
    tag('Size', info.sizeBytes);
  if (info.checksum !== undefined) xml += tag('ChecksumAlgorithm', info.checksum.algorithm) + tag('ChecksumType', info.checksum.type);
  xml += tag('StorageClass', info.storageClass);
  if (withOwner) xml += ownerXml(ctx);
  return wrap(element, xml);
}

export function commonPrefixesXml(prefixes: string[], encoding: ListEncoding): string {
  let xml = '';
  for (const p of prefixes) xml += wrap('CommonPrefixes', tag('Prefix', encoding.encode(p)));
  return xml;
}

/** The non-empty delimiter, or undefined. */
function delimiterOf(query: URLSearchParams): string | undefined {
  const d = query.get('delimiter');
  return d === null || d === '' ? undefined : d;
}

/**
 * ListObjects (V1 and V2) for max-keys from 0 to 1000: max-keys=0 lists
 * nothing but still answers NoSuchBucket for a missing bucket, as S3 does.
 */
export async function listObjectsPage(
  ctx: RequestContext,
  maxKeys: number,
  input: Omit<ListObjectsInput, 'maxKeys'>,
): Promise<ListObjectsResult> {
  if (maxKeys === 0) {
    await ctx.store.headBucket(input.bucket, ctx.signal);
    return { objects: [], commonPrefixes: [], isTruncated: false };
  }
  return ctx.store.listObjects({ ...input, maxKeys }, ctx.signal);
}
