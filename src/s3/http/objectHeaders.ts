// Object metadata in and out of HTTP headers.
import type { ObjectHttpMetadata, ObjectInfo, ObjectMetadata } from '../../storage/index.js';
import { header, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';

/** AWS: user metadata is at most 2 KB, counted as the UTF-8 bytes of names and values. */
const MAX_USER_METADATA_BYTES = 2048;

const HTTP_FIELDS: ReadonlyArray<[keyof ObjectHttpMetadata, string]> = [
  ['contentType', 'content-type'],
  ['contentEncoding', 'content-encoding'],
  ['contentDisposition', 'content-disposition'],
  ['contentLanguage', 'content-language'],
  ['cacheControl', 'cache-control'],
  ['expires', 'expires'],
];

export function metadataFromRequest(ctx: RequestContext): ObjectMetadata {
  const metadata: ObjectMetadata = { userMetadata: {} };
  for (const [field, name] of HTTP_FIELDS) {
    let value = header(ctx, name);
    if (field === 'contentEncoding' && value !== undefined) {
      // aws-chunked is transport framing, not the object's encoding.
      value = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '' && s.toLowerCase() !== 'aws-chunked')
        .join(',');
      if (value === '') value = undefined;
    }
    if (value !== undefined) metadata[field] = value;
  }
  let userBytes = 0;
  for (const [name, raw] of Object.entries(ctx.req.headers)) {
    if (!name.startsWith('x-amz-meta-') || raw === undefined) continue;
    const key = name.slice('x-amz-meta-'.length);
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    userBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    metadata.userMetadata[key] = value;
  }
  if (userBytes > MAX_USER_METADATA_BYTES) {
    throw new S3Error('MetadataTooLarge', `Your metadata headers are ${userBytes} bytes; the maximum is ${MAX_USER_METADATA_BYTES}.`, {
      Size: String(userBytes),
      MaxSizeAllowed: String(MAX_USER_METADATA_BYTES),
    });
  }
  return metadata;
}

export function quoteETag(etag: string): string {
  return `"${etag}"`;
}

export function httpDate(date: Date): string {
  return date.toUTCString();
}

/** The response-* query parameters GetObject honours (only on signed requests, as S3). */
const OVERRIDES: ReadonlyArray<[string, string]> = [
  ['response-content-type', 'Content-Type'],
  ['response-content-language', 'Content-Language'],
  ['response-expires', 'Expires'],
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
];

export function objectResponseHeaders(info: ObjectInfo, query: URLSearchParams | undefined, checksumMode: boolean): Record<string, string> {
  const m = info.metadata;
  const h: Record<string, string> = {
    ETag: quoteETag(info.etag),
    'Last-Modified': httpDate(info.lastModified),
    'Accept-Ranges': 'bytes',
    'Content-Type': m.contentType ?? 'binary/octet-stream',
  };
  if (m.contentEncoding !== undefined) h['Content-Encoding'] = m.contentEncoding;
  if (m.contentDisposition !== undefined) h['Content-Disposition'] = m.contentDisposition;
  if (m.contentLanguage !== undefined) h['Content-Language'] = m.contentLanguage;
  if (m.cacheControl !== undefined) h['Cache-Control'] = m.cacheControl;
  if (m.expires !== undefined) h['Expires'] = m.expires;
  if (info.storageClass !== 'STANDARD') h['x-amz-storage-class'] = info.storageClass;
  for (const [name, value] of Object.entries(m.userMetadata)) h[`x-amz-meta-${name}`] = value;
  if (checksumMode && info.checksum !== undefined) {
    h[`x-amz-checksum-${info.checksum.algorithm.toLowerCase()}`] = info.checksum.value;
    h['x-amz-checksum-type'] = info.checksum.type;
  }
  // The version id once versioning is in play (unversioned objects are the "null" version and S3 sends none for them).
  if (info.versionId !== 'null' || query?.has('versionId') === true) h['x-amz-version-id'] = info.versionId;
  if (info.tags !== undefined && info.tags.length > 0) h['x-amz-tagging-count'] = String(info.tags.length);
  if (info.retention !== undefined) {
    h['x-amz-object-lock-mode'] = info.retention.mode;
    h['x-amz-object-lock-retain-until-date'] = info.retention.retainUntil.toISOString();
  }
  if (info.legalHold !== undefined) h['x-amz-object-lock-legal-hold'] = info.legalHold ? 'ON' : 'OFF';
  if (query !== undefined) {
    for (const [param, name] of OVERRIDES) {
      const value = query.get(param);
      if (value !== null) h[name] = overrideValue(param, value);
    }
  }
  return h;
}

/**
 * A response-* value as a header value: control characters (CR/LF would
 * split the header) are refused; other text goes out as its UTF-8 bytes,
 * since node writes header strings one byte per char (latin1) and throws on
 * anything above U+00FF.
 */
function overrideValue(param: string, value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) {
    throw new S3Error('InvalidArgument', `The ${param} parameter must not contain control characters.`, {
      ArgumentName: param,
      ArgumentValue: value,
    });
  }
  return Buffer.from(value, 'utf8').toString('latin1');
}
