// Mutations of a well-formed request: header values, duplicated headers,
// lying lengths and digests, query strings, bodies, aws-chunked framing and
// hang-ups. Each records its name on the request, for the report.
import { createHash } from 'node:crypto';
import { CHUNK_FAULTS, STREAMING_HASH } from './chunked.js';
import type { Rng } from './prng.js';
import type { ChunkPlan, FuzzRequest } from './request.js';

/** A JS string as it will look on the wire (latin1: one char per UTF-8 byte). */
const wire = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

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

const SUBRESOURCES = [
  'acl',
  'tagging',
  'uploads',
  'versioning',
  'versions',
  'delete',
  'retention',
  'legal-hold',
  'lifecycle',
  'location',
  'object-lock',
  'policy',
  'cors',
  'list-type',
  'restore',
  'select',
  'attributes',
  'session',
];
const QUERY_VALUES = ['', '-1', '0', '1', '10001', '1.5', '0x1', '99999999999999999999', 'abc', wire('ü'), 'null', 'x'.repeat(3000)];
const RAW_QUERY_SUFFIXES = [
  '&%zz',
  '&a=%',
  '&=x',
  '&&',
  '&x=1+2',
  '&%00=1',
  '&uploadId',
  '&partNumber=%31',
  '&versionId=%',
  '&a=b=c',
  '&;',
];

export interface MutateOptions {
  /** Hang up mid-response on GETs of objects over 128 KiB (the streamed path). */
  largeAborts: boolean;
}

type Mutator = (req: FuzzRequest, rng: Rng, options: MutateOptions) => string | undefined;

const setHeader = (req: FuzzRequest, name: string, value: string): void => {
  req.headers = req.headers.filter(([n]) => n !== name);
  req.headers.push([name, value]);
  if (req.splitHeaders !== undefined) req.splitHeaders = req.splitHeaders.filter((n) => n !== name);
};

const MUTATORS: Array<[weight: number, mutate: Mutator]> = [
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
  [
    3,
    (req, rng) => {
      const name = rng.pick(SUBRESOURCES);
      req.query.push([name, rng.chance(0.5) ? null : rng.pick(QUERY_VALUES)]);
      return `query:add:${name}`;
    },
  ],
  [
    2,
    (req, rng) => {
      if (req.query.length === 0) return undefined;
      const i = rng.int(req.query.length);
      req.query[i] = [req.query[i]![0], rng.pick(QUERY_VALUES)];
      return `query:value:${req.query[i]![0]}`;
    },
  ],
  [
    1,
    (req, rng) => {
      if (req.query.length === 0) return undefined;
      const [name] = rng.pick(req.query);
      req.query.push([name, rng.pick(QUERY_VALUES)]);
      return `query:repeat:${name}`;
    },
  ],
  [
    1,
    (req, rng) => {
      req.rawQuerySuffix = rng.pick(RAW_QUERY_SUFFIXES);
      if (req.query.length === 0) req.rawQuerySuffix = req.rawQuerySuffix.slice(1);
      return 'query:raw';
    },
  ],
  [
    1,
    (req, rng) => {
      req.path = rng.pick([
        req.path.replace(/\//g, '//'),
        `${req.path}/./x`,
        req.path.replace(/\/([^/]*)$/, '/%2F$1'),
        `${req.path}%`,
        `${req.path}%zz`,
        `${req.path}/..`,
        `${req.path}?`,
        `${req.path}%00`,
      ]);
      return 'path';
    },
  ],
  [
    2,
    (req, rng) => {
      req.body = rng.chance(0.7) ? rng.bytes(rng.pick([1, 100, 5000])) : Buffer.alloc(rng.pick([1_100_000, 3_000_000]), '<');
      return `body:replace:${req.body.length}`;
    },
  ],
  [
    2,
    (req, rng) => {
      const mode = rng.pick<ChunkPlan['mode']>(['signed', 'signed-trailer', 'unsigned-trailer']);
      const faults = Array.from({ length: rng.pick([0, 0, 1, 1, 2]) }, () => rng.pick(CHUNK_FAULTS));
      req.chunked = { mode, data: req.body, chunkBytes: rng.pick([1, 7, 8192, 65536]), faults, frameSeed: rng.int(0x7fffffff) };
      req.payloadHash = STREAMING_HASH[mode];
      setHeader(req, 'content-encoding', rng.chance(0.9) ? 'aws-chunked' : rng.pick(['gzip,aws-chunked', 'gzip', '']));
      const lie = rng.chance(0.15);
      if (rng.chance(0.95))
        setHeader(
          req,
          'x-amz-decoded-content-length',
          lie
            ? rng.pick(['-1', 'abc', '99999999999', String(req.body.length + 1), String(Math.max(0, req.body.length - 1))])
            : String(req.body.length),
        );
      if (mode !== 'signed' && rng.chance(0.9))
        setHeader(
          req,
          'x-amz-trailer',
          rng.chance(0.9)
            ? 'x-amz-checksum-crc32'
            : rng.pick(['x-amz-checksum-sha256', 'x-amz-checksum-bogus', '', 'x-amz-checksum-crc32,x-amz-checksum-sha1']),
        );
      return `aws-chunked:${mode}${faults.length > 0 ? `:${faults.join('+')}` : ''}${lie ? ':length-lie' : ''}`;
    },
  ],
  [
    2,
    (req, rng) => {
      req.hangUp = { phase: 'request', atByte: rng.int(400) };
      return 'hang-up:request';
    },
  ],
  [
    2,
    (req, rng, options) => {
      if (req.largeResponse && !options.largeAborts) return undefined;
      req.hangUp = { phase: 'response', atByte: rng.pick([1, 100, 600, 70_000, 140_000, 500_000]) };
      return 'hang-up:response';
    },
  ],
  [
    1,
    (req) => {
      req.extraHeaders.push(['expect', '100-continue']);
      return 'expect-continue';
    },
  ],
];

const TOTAL_WEIGHT = MUTATORS.reduce((sum, [w]) => sum + w, 0);

function pickMutator(rng: Rng): Mutator {
  let r = rng.int(TOTAL_WEIGHT);
  for (const [weight, mutate] of MUTATORS) {
    if (r < weight) return mutate;
    r -= weight;
  }
  return MUTATORS[0]![1];
}

/** Applies 0-3 mutations (none about one time in six, so valid requests keep the server's state moving). */
export function mutate(req: FuzzRequest, rng: Rng, options: MutateOptions): void {
  const count = rng.chance(0.17) ? 0 : rng.range(1, 3);
  for (let i = 0; i < count; i++) {
    const applied = pickMutator(rng)(req, rng, options);
    if (applied !== undefined) req.mutations.push(applied);
  }
}
