// Validation of names and arguments S3 checks before doing any work.
import { header, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { MAX_INT32, parseDigits } from '../../util/integers.js';

const MAX_KEY_BYTES = 1024;

/** S3's rules for new bucket names (general purpose buckets). */
export function validateBucketName(name: string): void {
  const bad = (why: string): S3Error =>
    new S3Error('InvalidBucketName', `The specified bucket is not valid: ${why}.`, { BucketName: name });
  if (name.length < 3 || name.length > 63) throw bad('bucket names must be between 3 and 63 characters long');
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    throw bad('use only lowercase letters, digits, dots and hyphens, and begin and end with a letter or digit');
  if (name.includes('..')) throw bad('bucket names must not contain two adjacent periods');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) throw bad('bucket names must not be formatted as an IP address');
  if (name.startsWith('xn--') || name.startsWith('sthree-')) throw bad('bucket names must not start with xn-- or sthree-');
  if (name.endsWith('-s3alias') || name.endsWith('--ol-s3') || name.endsWith('.mrap') || name.endsWith('--x-s3'))
    throw bad('bucket names must not end with a reserved suffix');
}

export function validateKey(key: string): void {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES)
    throw new S3Error('KeyTooLongError', `Your key is ${bytes} bytes; the maximum is ${MAX_KEY_BYTES}.`, {
      Size: String(bytes),
      MaxSizeAllowed: String(MAX_KEY_BYTES),
    });
}

const STORAGE_CLASSES = new Set([
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'SNOW',
  'EXPRESS_ONEZONE',
]);

export function storageClassOf(ctx: RequestContext): string | undefined {
  const value = header(ctx, 'x-amz-storage-class');
  if (value === undefined) return undefined;
  if (!STORAGE_CLASSES.has(value))
    throw new S3Error('InvalidStorageClass', `The storage class ${value} is not valid.`, { StorageClassRequested: value });
  return value;
}

/** An integer query parameter in [min, max] (larger values are capped at `max`); `fallback` when absent or empty. */
export function intParam(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = parseDigits(raw, MAX_INT32);
  // AWS's wording, also for a negative value (a sign is not a digit).
  if (n === undefined)
    throw new S3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`, {
      ArgumentName: name,
      ArgumentValue: raw,
    });
  if (n < min)
    throw new S3Error('InvalidArgument', `Argument ${name} must be an integer between ${min} and ${MAX_INT32}`, {
      ArgumentName: name,
      ArgumentValue: raw,
    });
  return Math.min(n, max);
}
