// Catalogue entries for buckets: create, head, delete, the GET sub-resources,
// the listings of objects, versions and uploads, and multi-object delete.
import type { XmlNode } from '../xml.js';
import type { Entry } from './entry.js';
import { listParams, xml } from './values.js';

export const BUCKET_ENTRIES: Entry[] = [
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
];
