// One well-formed request per S3 operation the router knows
// (src/s3/router/operations.ts), aimed at the seeded world. The mutators then
// break them; the catalogue only varies what a valid client could send.
import type { Rng } from './prng.js';
import type { QueryPair } from './request.js';
import { escapeUri } from './sign.js';
import type { World } from './world.js';
import { xmlBody, type XmlNode } from './xml.js';

export interface Target {
  bucket: string;
  key: string;
  large: boolean;
}

/** What an entry builds; generate.ts turns it into a FuzzRequest. */
export interface Built {
  method: string;
  /** Whether the path names the target's key (else only its bucket). */
  object: boolean;
  /** A fixed path instead of the target's. */
  path?: string;
  /** Aim at this upload's bucket and key instead of the picked target. */
  target?: { bucket: string; key: string };
  query?: QueryPair[];
  headers?: Array<[string, string]>;
  body?: Buffer;
  mutations?: string[];
  /** The body may be sent aws-chunked. */
  chunkable?: boolean;
  /** Send a correct Content-MD5 (S3 wants one, or a checksum, on these). */
  contentMd5?: boolean;
  /** A GET whose answer streams an object over 128 KiB. */
  large?: boolean;
}

export interface Entry {
  op: string;
  build: (rng: Rng, world: World, t: Target) => Built;
}

const WEIRD_BUCKETS = ['A', 'ab', 'x'.repeat(64), 'bad_name', '..', 'ü', '192.168.1.1', 'fz-', 'xn--a', 'a..b'];
const WEIRD_KEYS = [
  'k'.repeat(1025),
  'x'.repeat(1024),
  'a/../b',
  './x',
  '%',
  'a//b',
  ' ',
  '😀'.repeat(257),
  'dir/',
  '?',
  '#frag',
  '\u00ff\u00fe',
  '\u0001ctl',
  'a\\b',
  '.',
  '..',
];
const UNSUPPORTED = [
  'restore',
  'select',
  'torrent',
  'attributes',
  'replication',
  'notification',
  'logging',
  'requestPayment',
  'accelerate',
  'analytics',
  'inventory',
  'metrics',
  'intelligent-tiering',
  'ownershipControls',
  'publicAccessBlock',
  'policyStatus',
  'renameObject',
  'session',
  'cors',
  'policy',
  'encryption',
  'website',
];

export function pickTarget(rng: Rng, world: World): Target {
  const r = rng.next();
  const bucket = r < 0.85 ? rng.pick(world.buckets) : r < 0.95 ? rng.pick(world.spareBuckets) : rng.pick(WEIRD_BUCKETS);
  const k = rng.next();
  if (k < 0.5) return { bucket, key: rng.pick(world.smallKeys), large: false };
  if (k < 0.65) return { bucket, key: rng.pick(world.largeKeys), large: true };
  if (k < 0.75) return { bucket, key: rng.pick(world.uploads).key, large: false };
  return { bucket, key: rng.pick(WEIRD_KEYS), large: false };
}

export function objectPath(bucket: string, key?: string): string {
  return key === undefined ? `/${escapeUri(bucket)}` : `/${escapeUri(bucket)}/${key.split('/').map(escapeUri).join('/')}`;
}

const xml = (rng: Rng, tree: XmlNode): { body: Buffer; mutations: string[] } => xmlBody(tree, rng);
const num = (rng: Rng): string =>
  rng.pick(['0', '1', '2', '3', '10', '1000', '1001', '10000', '-1', '1.5', 'abc', '', '99999999999999999999', '0x10', '2147483648']);
const date = (rng: Rng): string =>
  rng.pick([
    '2030-01-01T00:00:00Z',
    '2030-01-01T00:00:00.000Z',
    '1999-01-01T00:00:00Z',
    '2030-13-45T99:99:99Z',
    'tomorrow',
    '+275760-09-13T00:00:00Z',
    '2030-01-01',
  ]);
const uploadOf = (rng: Rng, world: World) => rng.pick(world.uploads);

const listParams = (rng: Rng, names: string[]): QueryPair[] => {
  const out: QueryPair[] = [];
  for (const name of names) {
    if (!rng.chance(0.3)) continue;
    const value = /max|part-number|marker-number/.test(name)
      ? num(rng)
      : name === 'encoding-type'
        ? rng.pick(['url', 'URL', 'base64', ''])
        : name === 'fetch-owner'
          ? rng.pick(['true', 'false', 'yes'])
          : rng.pick(['', 'dir/', '/', 'a', 'ключ', '%', 'small.txt', 'x'.repeat(1100), 'bogus-token==', '\u0000']);
    out.push([name, value]);
  }
  return out;
};

const tagSet = (rng: Rng): XmlNode => [
  'Tagging',
  [
    [
      'TagSet',
      Array.from({ length: rng.range(0, 3) }, (_, i): XmlNode => [
        'Tag',
        [
          ['Key', `k${i}`],
          ['Value', `v${i}`],
        ],
      ]),
    ],
  ],
];

export const CATALOGUE: Entry[] = [
  { op: 'ListBuckets', build: () => ({ method: 'GET', object: false, path: '/' }) },
  {
    op: 'CreateBucket',
    build: (rng) => {
      const body = rng.chance(0.5)
        ? xml(rng, ['CreateBucketConfiguration', [['LocationConstraint', rng.pick(['us-east-1', 'eu-west-1', ''])]]])
        : undefined;
      const headers: Array<[string, string]> = rng.chance(0.3)
        ? [['x-amz-bucket-object-lock-enabled', rng.pick(['true', 'True', 'yes'])]]
        : [];
      return { method: 'PUT', object: false, headers, ...(body !== undefined ? { body: body.body, mutations: body.mutations } : {}) };
    },
  },
  { op: 'HeadBucket', build: () => ({ method: 'HEAD', object: false }) },
  { op: 'DeleteBucket', build: () => ({ method: 'DELETE', object: false }) },
  ...['location', 'versioning', 'acl', 'policy', 'lifecycle', 'tagging', 'cors', 'encryption', 'object-lock', 'website'].map(
    (sub): Entry => ({ op: `GetBucket:${sub}`, build: () => ({ method: 'GET', object: false, query: [[sub, null]] }) }),
  ),
  {
    op: 'ListObjectVersions',
    build: (rng) => ({
      method: 'GET',
      object: false,
      query: [
        ['versions', null],
        ...listParams(rng, ['prefix', 'delimiter', 'key-marker', 'version-id-marker', 'max-keys', 'encoding-type']),
      ],
    }),
  },
  {
    op: 'ListObjects',
    build: (rng) => ({
      method: 'GET',
      object: false,
      query: listParams(rng, ['prefix', 'delimiter', 'marker', 'max-keys', 'encoding-type']),
    }),
  },
  {
    op: 'ListObjectsV2',
    build: (rng) => ({
      method: 'GET',
      object: false,
      query: [
        ['list-type', rng.chance(0.9) ? '2' : rng.pick(['3', '', '02'])],
        ...listParams(rng, ['prefix', 'delimiter', 'continuation-token', 'start-after', 'max-keys', 'encoding-type', 'fetch-owner']),
      ],
    }),
  },
  {
    op: 'ListMultipartUploads',
    build: (rng) => ({
      method: 'GET',
      object: false,
      query: [
        ['uploads', null],
        ...listParams(rng, ['prefix', 'delimiter', 'key-marker', 'upload-id-marker', 'max-uploads', 'encoding-type']),
      ],
    }),
  },
  {
    op: 'DeleteObjects',
    build: (rng, world) => {
      const objects = Array.from({ length: rng.range(0, 4) }, (): XmlNode => [
        'Object',
        [
          ['Key', rng.pick([...world.smallKeys, 'missing'])],
          ...(rng.chance(0.3)
            ? [['VersionId', rng.chance(0.5) && world.versionIds.length > 0 ? rng.pick(world.versionIds) : 'null'] as XmlNode]
            : []),
        ],
      ]);
      const doc = xml(rng, [
        'Delete',
        [...(rng.chance(0.5) ? [['Quiet', rng.pick(['true', 'false', 'maybe'])] as XmlNode] : []), ...objects],
      ]);
      return {
        method: 'POST',
        object: false,
        query: [['delete', null]],
        body: doc.body,
        mutations: doc.mutations,
        headers: [],
        contentMd5: true,
      };
    },
  },
  {
    op: 'PutObject',
    build: (rng) => ({
      method: 'PUT',
      object: true,
      body: rng.chance(0.9) ? Buffer.alloc(rng.pick([0, 1, 100, 4096, 131072, 131073, 300_000]), 'p') : rng.bytes(rng.range(0, 5000)),
      chunkable: true,
      headers: putHeaders(rng),
    }),
  },
  {
    op: 'CopyObject',
    build: (rng, world, t) => ({
      method: 'PUT',
      object: true,
      headers: [
        ['x-amz-copy-source', copySource(rng, world, t)],
        ...(rng.chance(0.3) ? [['x-amz-metadata-directive', rng.pick(['COPY', 'REPLACE', 'bogus'])] as [string, string]] : []),
        ...(rng.chance(0.2) ? [['x-amz-tagging-directive', rng.pick(['COPY', 'REPLACE', 'x'])] as [string, string]] : []),
      ],
    }),
  },
  {
    op: 'GetObject',
    build: (rng, world, t) => ({
      method: 'GET',
      object: true,
      query: objectReadQuery(rng, world),
      headers: readHeaders(rng),
      large: t.large,
    }),
  },
  {
    op: 'HeadObject',
    build: (rng, world) => ({ method: 'HEAD', object: true, query: objectReadQuery(rng, world), headers: readHeaders(rng) }),
  },
  {
    op: 'DeleteObject',
    build: (rng, world) => ({
      method: 'DELETE',
      object: true,
      query: rng.chance(0.3)
        ? [['versionId', rng.chance(0.5) && world.versionIds.length > 0 ? rng.pick(world.versionIds) : rng.pick(['null', 'bogus', ''])]]
        : [],
      headers: rng.chance(0.3) ? [[rng.pick(['x-amz-bypass-governance-retention', 'if-match']), rng.pick(['true', '*', '"x"'])]] : [],
    }),
  },
  { op: 'GetObjectAcl', build: () => ({ method: 'GET', object: true, query: [['acl', null]] }) },
  {
    op: 'PutObjectAcl',
    build: (rng) => ({
      method: 'PUT',
      object: true,
      query: [['acl', null]],
      headers: [['x-amz-acl', rng.pick(['private', 'public-read', 'bogus'])]],
    }),
  },
  {
    op: 'PutBucketAcl',
    build: (rng) => ({
      method: 'PUT',
      object: false,
      query: [['acl', null]],
      headers: [['x-amz-acl', rng.pick(['private', 'public-read', 'bogus'])]],
    }),
  },
  { op: 'CreateMultipartUpload', build: (rng) => ({ method: 'POST', object: true, query: [['uploads', null]], headers: putHeaders(rng) }) },
  {
    op: 'UploadPart',
    build: (rng, world) => {
      const u = uploadOf(rng, world);
      return {
        method: 'PUT',
        object: true,
        target: u,
        query: [
          ['partNumber', rng.chance(0.8) ? String(rng.range(1, 4)) : num(rng)],
          ['uploadId', rng.chance(0.9) ? u.uploadId : 'bogus'],
        ],
        body: Buffer.alloc(rng.pick([0, 1, 5000, 200_000]), 'u'),
        chunkable: true,
      };
    },
  },
  {
    op: 'UploadPartCopy',
    build: (rng, world, t) => {
      const u = uploadOf(rng, world);
      const range = rng.chance(0.5)
        ? [
            ['x-amz-copy-source-range', rng.pick(['bytes=0-9', 'bytes=0-', 'bytes=5-1', 'bytes=0-99999999', 'bytes=-5', 'bits=0-1'])] as [
              string,
              string,
            ],
          ]
        : [];
      return {
        method: 'PUT',
        object: true,
        target: u,
        query: [
          ['partNumber', String(rng.range(1, 3))],
          ['uploadId', u.uploadId],
        ],
        headers: [['x-amz-copy-source', copySource(rng, world, t)], ...range],
      };
    },
  },
  {
    op: 'CompleteMultipartUpload',
    build: (rng, world) => {
      const u = uploadOf(rng, world);
      const parts = u.etags.map((etag, i): XmlNode => [
        'Part',
        [
          ['PartNumber', String(i + 1)],
          ['ETag', rng.chance(0.9) ? etag : '"bogus"'],
        ],
      ]);
      if (rng.chance(0.3)) parts.reverse();
      const doc = xml(rng, ['CompleteMultipartUpload', parts]);
      return {
        method: 'POST',
        object: true,
        target: u,
        query: [['uploadId', rng.chance(0.9) ? u.uploadId : 'bogus']],
        body: doc.body,
        mutations: doc.mutations,
      };
    },
  },
  {
    op: 'AbortMultipartUpload',
    build: (rng, world) => {
      // Rarely: every abort that lands removes a seeded upload for the rest of the run.
      const u = uploadOf(rng, world);
      return { method: 'DELETE', object: true, target: u, query: [['uploadId', rng.chance(0.2) ? u.uploadId : 'bogus-upload']] };
    },
  },
  {
    op: 'ListParts',
    build: (rng, world) => {
      const u = uploadOf(rng, world);
      return {
        method: 'GET',
        object: true,
        target: u,
        query: [['uploadId', u.uploadId], ...listParams(rng, ['max-parts', 'part-number-marker', 'encoding-type'])],
      };
    },
  },
  {
    op: 'PutBucketVersioning',
    build: (rng) => {
      const doc = xml(rng, [
        'VersioningConfiguration',
        [['Status', rng.pick(['Enabled', 'Suspended', 'Disabled'])], ...(rng.chance(0.3) ? [['MfaDelete', 'Disabled'] as XmlNode] : [])],
      ]);
      return { method: 'PUT', object: false, query: [['versioning', null]], body: doc.body, mutations: doc.mutations };
    },
  },
  { op: 'PutBucketTagging', build: (rng) => ({ method: 'PUT', object: false, query: [['tagging', null]], ...xml(rng, tagSet(rng)) }) },
  { op: 'DeleteBucketTagging', build: () => ({ method: 'DELETE', object: false, query: [['tagging', null]] }) },
  {
    op: 'PutBucketLifecycleConfiguration',
    build: (rng) => {
      const rule: XmlNode = [
        'Rule',
        [
          ['ID', 'r1'],
          [
            'Filter',
            [
              rng.chance(0.5)
                ? ['Prefix', 'dir/']
                : [
                    'And',
                    [
                      ['Prefix', 'a'],
                      [
                        'Tag',
                        [
                          ['Key', 'k'],
                          ['Value', 'v'],
                        ],
                      ],
                      ['ObjectSizeGreaterThan', '10'],
                    ],
                  ],
            ],
          ],
          ['Status', 'Enabled'],
          ['Expiration', [rng.chance(0.5) ? ['Days', '30'] : ['Date', date(rng)]]],
          [
            'NoncurrentVersionExpiration',
            [
              ['NoncurrentDays', '1'],
              ['NewerNoncurrentVersions', '2'],
            ],
          ],
          ['AbortIncompleteMultipartUpload', [['DaysAfterInitiation', '7']]],
        ],
      ];
      return {
        method: 'PUT',
        object: false,
        query: [['lifecycle', null]],
        ...xml(rng, ['LifecycleConfiguration', [rule]]),
        contentMd5: true,
      };
    },
  },
  { op: 'DeleteBucketLifecycle', build: () => ({ method: 'DELETE', object: false, query: [['lifecycle', null]] }) },
  {
    op: 'PutObjectLockConfiguration',
    build: (rng) => {
      const rule: XmlNode[] = rng.chance(0.7)
        ? [
            [
              'Rule',
              [
                [
                  'DefaultRetention',
                  [
                    ['Mode', rng.pick(['GOVERNANCE', 'COMPLIANCE', 'x'])],
                    [rng.chance(0.5) ? 'Days' : 'Years', rng.pick(['1', '0', '36500', '-1'])],
                  ],
                ],
              ],
            ],
          ]
        : [];
      return {
        method: 'PUT',
        object: false,
        query: [['object-lock', null]],
        ...xml(rng, ['ObjectLockConfiguration', [['ObjectLockEnabled', 'Enabled'], ...rule]]),
      };
    },
  },
  { op: 'GetObjectTagging', build: () => ({ method: 'GET', object: true, query: [['tagging', null]] }) },
  { op: 'PutObjectTagging', build: (rng) => ({ method: 'PUT', object: true, query: [['tagging', null]], ...xml(rng, tagSet(rng)) }) },
  { op: 'DeleteObjectTagging', build: () => ({ method: 'DELETE', object: true, query: [['tagging', null]] }) },
  { op: 'GetObjectRetention', build: () => ({ method: 'GET', object: true, query: [['retention', null]] }) },
  {
    op: 'PutObjectRetention',
    build: (rng) => ({
      method: 'PUT',
      object: true,
      query: [['retention', null]],
      ...xml(rng, [
        'Retention',
        [
          ['Mode', rng.pick(['GOVERNANCE', 'GOVERNANCE', 'COMPLIANCE', 'bogus'])],
          ['RetainUntilDate', date(rng)],
        ],
      ]),
      headers: rng.chance(0.5) ? [['x-amz-bypass-governance-retention', 'true']] : [],
    }),
  },
  { op: 'GetObjectLegalHold', build: () => ({ method: 'GET', object: true, query: [['legal-hold', null]] }) },
  {
    op: 'PutObjectLegalHold',
    build: (rng) => ({
      method: 'PUT',
      object: true,
      query: [['legal-hold', null]],
      ...xml(rng, ['LegalHold', [['Status', rng.pick(['ON', 'OFF', 'OFF', 'maybe'])]]]),
    }),
  },
  {
    op: 'Unsupported',
    build: (rng) => ({
      method: rng.pick(['GET', 'PUT', 'DELETE', 'POST']),
      object: rng.chance(0.5),
      query: [[rng.pick(UNSUPPORTED), null]],
      body: rng.chance(0.3) ? Buffer.from('<x/>') : Buffer.alloc(0),
    }),
  },
  {
    op: 'OddMethod',
    build: (rng) => ({ method: rng.pick(['PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'get', 'CONNECT']), object: rng.chance(0.5) }),
  },
];

function putHeaders(rng: Rng): Array<[string, string]> {
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

function readHeaders(rng: Rng): Array<[string, string]> {
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

function objectReadQuery(rng: Rng, world: World): QueryPair[] {
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

function copySource(rng: Rng, world: World, t: Target): string {
  const key = rng.chance(0.6) ? rng.pick(world.smallKeys) : rng.pick([...world.largeKeys, 'missing', t.key]);
  const bucket = rng.chance(0.9) ? rng.pick(world.buckets) : 'no-such-bucket';
  const form = rng.int(6);
  if (form === 0) return `${bucket}/${key}`;
  if (form === 1) return `/${bucket}/${encodeURIComponent(key)}?versionId=${rng.pick(['null', 'bogus', ...world.versionIds.slice(0, 1)])}`;
  if (form === 2) return rng.pick(['', '/', 'bucket-only', '%', '%zz/x', '/a/b?versionId=', '//x', 'arn:aws:s3:::x/y']);
  return `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
