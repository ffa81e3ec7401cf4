// Mutators of the request's headers: nasty values, repeated headers, many
// headers, lying or missing lengths, HTTP chunked framing, and wrong digests
// (Content-MD5, x-amz-content-sha256).
import { createHash } from 'node:crypto';
import { STREAMING_HASH } from '../chunked.js';
import { setHeader, wire, type WeightedMutator } from './mutator.js';

const NASTY_VALUES = [
  '',
  ' ',
  'x'.repeat(7000),
  '-1',
  '0',
  '1.5',
  '0x10',
  '1e3',
  '99999999999999999999',
  'NaN',
  'Infinity',
  '-0',
  wire('ü😀ключ'),
  '\u00ff\u00fe\u00c3',
  '\u0000',
  '\u007f',
  'a\tb',
  ' padded ',
  '""',
  '"',
  '*',
  ',',
  ';',
  '=',
  '%zz',
  '\\',
  'bytes=0-0',
  'bytes=-0',
  'bytes=5-1',
  'bytes=0-0,2-3',
  'bytes=',
  'W/"x"',
  '"d41d8cd98f00b204e9800998ecf8427e"',
  'Thu, 01 Jan 1970 00:00:00 GMT',
  'Fri, 31 Dec 9999 23:59:59 GMT',
  '2030-01-01T00:00:00Z',
  'true',
  'false',
  'ENABLED',
  'GOVERNANCE',
  'COMPLIANCE',
  'ON',
  'STANDARD',
  'AAAAAA==',
  'AAAAAAAAAAA=',
  '!!!',
  'CRC32',
  'aws-chunked',
  'gzip, aws-chunked',
];

const KNOWN_HEADERS = [
  'range',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'content-type',
  'content-encoding',
  'content-md5',
  'x-amz-meta-a',
  'x-amz-checksum-crc32',
  'x-amz-checksum-crc32c',
  'x-amz-checksum-sha1',
  'x-amz-checksum-sha256',
  'x-amz-checksum-crc64nvme',
  'x-amz-checksum-algorithm',
  'x-amz-sdk-checksum-algorithm',
  'x-amz-checksum-mode',
  'x-amz-checksum-type',
  'x-amz-tagging',
  'x-amz-storage-class',
  'x-amz-acl',
  'x-amz-grant-read',
  'x-amz-server-side-encryption',
  'x-amz-server-side-encryption-customer-algorithm',
  'x-amz-object-lock-mode',
  'x-amz-object-lock-retain-until-date',
  'x-amz-object-lock-legal-hold',
  'x-amz-bypass-governance-retention',
  'x-amz-copy-source',
  'x-amz-copy-source-range',
  'x-amz-copy-source-if-match',
  'x-amz-copy-source-if-none-match',
  'x-amz-copy-source-if-modified-since',
  'x-amz-copy-source-if-unmodified-since',
  'x-amz-metadata-directive',
  'x-amz-tagging-directive',
  'x-amz-decoded-content-length',
  'x-amz-trailer',
  'x-amz-expected-bucket-owner',
  'x-amz-request-payer',
  'x-amz-bucket-object-lock-enabled',
  'x-amz-mp-object-size',
  'x-amz-website-redirect-location',
  'expires',
  'cache-control',
  'content-disposition',
  'content-language',
  'x-amz-write-offset-bytes',
  'x-amz-max-parts',
  'x-amz-part-number-marker',
  'x-amz-object-attributes',
  'x-amz-delete-marker',
  'x-amz-version-id',
];

export const HEADER_MUTATORS: WeightedMutator[] = [
  [
    6,
    (req, rng) => {
      const name = rng.chance(0.5) && req.headers.length > 0 ? rng.pick(req.headers)[0] : rng.pick(KNOWN_HEADERS);
      setHeader(req, name, rng.pick(NASTY_VALUES));
      return `header:${name}`;
    },
  ],
  [
    2,
    (req, rng) => {
      // Sent as two lines; signed as SigV4 joins repeated headers ('a,b').
      const name = rng.chance(0.5) && req.headers.length > 0 ? rng.pick(req.headers)[0] : rng.pick(KNOWN_HEADERS);
      const first = rng.pick(NASTY_VALUES).replace(/,/g, '');
      setHeader(req, name, `${first},${rng.pick(NASTY_VALUES)}`);
      req.splitHeaders = [...(req.splitHeaders ?? []), name];
      return `duplicate:${name}`;
    },
  ],
  [
    1,
    (req, rng) => {
      for (let i = 0; i < rng.pick([20, 200]); i++) req.headers.push([`x-amz-meta-m${i}`, 'v'.repeat(rng.pick([1, 100]))]);
      return 'many-headers';
    },
  ],
  [
    2,
    (req, rng) => {
      if (req.body.length === 0) return undefined;
      req.contentLength = rng.int(req.body.length);
      return 'content-length:shorter';
    },
  ],
  [
    2,
    (req, rng) => {
      req.contentLength = req.body.length + rng.pick([1, 10, 100_000]);
      req.truncated = true;
      return 'content-length:longer';
    },
  ],
  [
    1,
    (req) => {
      req.contentLength = 'none';
      return 'content-length:none';
    },
  ],
  [
    1,
    (req, rng) => {
      req.httpChunked = rng.pick(['ok', 'bad-size', 'no-final', 'with-content-length']);
      if (req.httpChunked === 'no-final') req.truncated = true;
      return `transfer-encoding:${req.httpChunked}`;
    },
  ],
  [
    2,
    (req, rng) => {
      const kind = rng.pick(['wrong', 'invalid', 'empty', 'hex']);
      const md5 = createHash('md5')
        .update(kind === 'wrong' ? 'other' : req.body)
        .digest();
      setHeader(
        req,
        'content-md5',
        kind === 'invalid' ? 'nope' : kind === 'empty' ? '' : kind === 'hex' ? md5.toString('hex') : md5.toString('base64'),
      );
      return `content-md5:${kind}`;
    },
  ],
  [
    2,
    (req, rng) => {
      req.payloadHash = rng.pick([
        '0'.repeat(64),
        'UNSIGNED-PAYLOAD',
        'garbage',
        '',
        ...Object.values(STREAMING_HASH),
        'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
      ]);
      return `payload-hash:${req.payloadHash}`;
    },
  ],
];
