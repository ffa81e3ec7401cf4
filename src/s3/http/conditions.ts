// Conditional requests (RFC 7232 as S3 applies them) and byte ranges.
import type { ByteRange, ObjectInfo } from '../../storage/index.js';
import { header, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { parseDigits } from '../../util/integers.js';
import { httpDate, quoteETag } from './objectHeaders.js';

/** Does an If-Match / If-None-Match list ("a", "b", W/"c" or *) name this ETag? */
export function etagListMatches(list: string, etag: string): boolean {
  for (const item of list.split(',')) {
    const t = item.trim().replace(/^W\//, '');
    if (t === '*' || t.replace(/^"|"$/g, '') === etag) return true;
  }
  return false;
}

function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Last-Modified has one-second resolution on the wire; compare at that grain. */
function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/**
 * GET/HEAD preconditions. If-Match (412) decides over If-Unmodified-Since;
 * If-None-Match (304) decides over If-Modified-Since; 412 before 304.
 * `prefix` selects the copy-source variants (x-amz-copy-source-if-...), where
 * both failures are 412.
 */
export function checkReadConditions(ctx: RequestContext, info: ObjectInfo, prefix = ''): void {
  const ifMatch = header(ctx, `${prefix}if-match`);
  const ifNoneMatch = header(ctx, `${prefix}if-none-match`);
  const ifModifiedSince = parseHttpDate(header(ctx, `${prefix}if-modified-since`));
  const ifUnmodifiedSince = parseHttpDate(header(ctx, `${prefix}if-unmodified-since`));
  const modified = seconds(info.lastModified.getTime());
  const failed = (condition: string): S3Error => new S3Error('PreconditionFailed', undefined, { Condition: condition });
  const notModified = (): S3Error =>
    prefix === ''
      ? new S3Error('NotModified', undefined, {}, { ETag: quoteETag(info.etag), 'Last-Modified': httpDate(info.lastModified) })
      : failed(`${prefix}If-None-Match`);

  if (ifMatch !== undefined) {
    if (!etagListMatches(ifMatch, info.etag)) throw failed(`${prefix === '' ? '' : 'x-amz-copy-source-'}If-Match`);
  } else if (ifUnmodifiedSince !== undefined && modified > seconds(ifUnmodifiedSince)) {
    throw failed(`${prefix === '' ? '' : 'x-amz-copy-source-'}If-Unmodified-Since`);
  }
  if (ifNoneMatch !== undefined) {
    if (etagListMatches(ifNoneMatch, info.etag)) throw notModified();
  } else if (ifModifiedSince !== undefined && modified <= seconds(ifModifiedSince)) {
    if (prefix === '') throw notModified();
    throw failed('x-amz-copy-source-If-Modified-Since');
  }
}

/**
 * A Range header against an object of `sizeBytes`. Returns null to serve the
 * whole object (no header, or one S3 ignores); throws InvalidRange (416) when
 * it cannot be satisfied.
 */
export function resolveRange(value: string | undefined, sizeBytes: number): ByteRange | null {
  if (value === undefined) return null;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(value);
  if (match === null) return null; // multiple or malformed ranges: S3 serves the whole object
  const [, first, last] = match as unknown as [string, string, string];
  const unsatisfiable = (): S3Error =>
    new S3Error(
      'InvalidRange',
      undefined,
      { RangeRequested: value, ActualObjectSize: String(sizeBytes) },
      { 'Content-Range': `bytes */${sizeBytes}` },
    );
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || sizeBytes === 0) throw unsatisfiable();
    return { start: Math.max(0, sizeBytes - suffix), end: sizeBytes - 1 };
  }
  const start = Number(first);
  if (start >= sizeBytes) throw unsatisfiable();
  if (last === '') return { start, end: sizeBytes - 1 };
  const end = Number(last);
  if (end < start) return null; // syntactically invalid: ignored, as RFC 7233 says
  return { start, end: Math.min(end, sizeBytes - 1) };
}

/** The byte range of part `partNumber` (GET/HEAD ?partNumber=N). */
export function partRange(info: ObjectInfo, partNumber: number): { range: ByteRange; partsCount?: number } {
  const parts = info.parts;
  if (parts === undefined || parts.length === 0) {
    if (partNumber !== 1) throw new S3Error('InvalidPartNumber');
    return { range: { start: 0, end: Math.max(0, info.sizeBytes - 1) } };
  }
  if (partNumber > parts.length) throw new S3Error('InvalidPartNumber');
  let start = 0;
  for (let i = 0; i < partNumber - 1; i++) start += parts[i]!.sizeBytes;
  const size = parts[partNumber - 1]!.sizeBytes;
  return { range: { start, end: start + size - 1 }, partsCount: parts.length };
}

/** ?partNumber=N: plain digits from 1 to 10000 ('1.0', '0x1', '+1' are not part 1). */
export function parsePartNumber(raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const n = parseDigits(raw);
  if (n === undefined || n < 1 || n > 10000)
    throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive.', {
      ArgumentName: 'partNumber',
      ArgumentValue: raw,
    });
  return n;
}
