// Catalogue entries for objects: put, copy, get, head, delete, and ACLs.
import type { Entry } from './entry.js';
import { copySource, objectReadQuery, putHeaders, readHeaders } from './objectOptions.js';

export const OBJECT_ENTRIES: Entry[] = [
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
];
