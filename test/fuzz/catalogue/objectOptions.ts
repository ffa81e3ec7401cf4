// The optional parts of object requests: headers of a write, conditional and
// range headers of a read, a read's query parameters, and copy sources in
// each form S3 accepts (and a few it must refuse).
import type { Rng } from '../prng.js';
import type { QueryPair } from '../request.js';
import type { World } from '../world.js';
import type { Target } from './entry.js';
import { num } from './values.js';

export function putHeaders(rng: Rng): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const maybe = (p: number, name: string, values: string[]): void => {
    if (rng.chance(p)) out.push([name, rng.pick(values)]);
  };
  maybe(0.3, 'content-type', ['text/plain', 'application/octet-stream', '', 'x/y; charset=utf-8']);
  maybe(0.2, 'x-amz-meta-fuzz', ['v', '', 'ü'.repeat(10), 'x'.repeat(3000)]);
  maybe(0.1, 'x-amz-storage-class', ['STANDARD', 'REDUCED_REDUNDANCY', 'GLACIER', 'bogus']);
  maybe(0.1, 'x-amz-tagging', ['a=b', 'a=b&c=d', '=', 'a', '%zz=1', 'k='.repeat(20)]);
  maybe(0.1, 'if-none-match', ['*', '"x"']);
  maybe(0.05, 'if-match', ['*', '"x"']);
  maybe(0.1, 'x-amz-object-lock-mode', ['GOVERNANCE', 'COMPLIANCE', 'x']);
  maybe(0.1, 'x-amz-object-lock-retain-until-date', ['2030-01-01T00:00:00Z', 'bad']);
  maybe(0.05, 'x-amz-object-lock-legal-hold', ['ON', 'OFF', 'x']);
  maybe(0.1, 'x-amz-checksum-algorithm', ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME', 'MD5']);
  maybe(0.05, 'x-amz-checksum-type', ['FULL_OBJECT', 'COMPOSITE', 'x']);
  maybe(0.05, 'x-amz-server-side-encryption', ['AES256', 'aws:kms', 'x']);
  maybe(0.05, 'x-amz-acl', ['private', 'public-read', 'x']);
  maybe(0.05, 'cache-control', ['no-cache']);
  maybe(0.05, 'expires', ['Thu, 01 Dec 2094 16:00:00 GMT', 'never']);
  maybe(0.05, 'x-amz-website-redirect-location', ['/x', 'http://e']);
  return out;
}

export function readHeaders(rng: Rng): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const maybe = (p: number, name: string, values: string[]): void => {
    if (rng.chance(p)) out.push([name, rng.pick(values)]);
  };
  maybe(0.3, 'range', [
    'bytes=0-0',
    'bytes=0-',
    'bytes=-1',
    'bytes=-0',
    'bytes=5-1',
    'bytes=0-1,3-4',
    'bytes=131000-131100',
    'bytes=200000-',
    'bytes=99999999-',
    'bytes=-99999999',
    'bytes=abc',
    'bytes= 1-2',
    'items=0-1',
    'bytes=1-2-3',
    'bytes=18446744073709551616-',
  ]);
  maybe(0.1, 'if-match', ['*', '"x"', '', 'W/"x"']);
  maybe(0.1, 'if-none-match', ['*', '"x"', '']);
  maybe(0.1, 'if-modified-since', ['Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'garbage', '0']);
  maybe(0.1, 'if-unmodified-since', ['Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'garbage']);
  maybe(0.1, 'x-amz-checksum-mode', ['ENABLED', 'enabled', 'x']);
  return out;
}

export function objectReadQuery(rng: Rng, world: World): QueryPair[] {
  const out: QueryPair[] = [];
  if (rng.chance(0.15)) out.push(['partNumber', num(rng)]);
  if (rng.chance(0.15))
    out.push(['versionId', rng.chance(0.5) && world.versionIds.length > 0 ? rng.pick(world.versionIds) : rng.pick(['null', 'bogus', ''])]);
  for (const name of [
    'response-content-type',
    'response-content-disposition',
    'response-cache-control',
    'response-expires',
    'response-content-language',
    'response-content-encoding',
  ])
    if (rng.chance(0.05)) out.push([name, rng.pick(['text/plain', '', 'x'.repeat(3000), 'a\r\nb: c', 'ü'])]);
  return out;
}

export function copySource(rng: Rng, world: World, t: Target): string {
  const key = rng.chance(0.6) ? rng.pick(world.smallKeys) : rng.pick([...world.largeKeys, 'missing', t.key]);
  const bucket = rng.chance(0.9) ? rng.pick(world.buckets) : 'no-such-bucket';
  const form = rng.int(6);
  if (form === 0) return `${bucket}/${key}`;
  if (form === 1) return `/${bucket}/${encodeURIComponent(key)}?versionId=${rng.pick(['null', 'bogus', ...world.versionIds.slice(0, 1)])}`;
  if (form === 2) return rng.pick(['', '/', 'bucket-only', '%', '%zz/x', '/a/b?versionId=', '//x', 'arn:aws:s3:::x/y']);
  return `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
