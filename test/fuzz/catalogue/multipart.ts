// Catalogue entries for multipart uploads, aimed at the seeded uploads (their
// bucket and key) so most reach an upload that exists.
import type { XmlNode } from '../xml.js';
import type { Entry } from './entry.js';
import { copySource, putHeaders } from './objectOptions.js';
import { listParams, num, uploadOf, xml } from './values.js';

export const MULTIPART_ENTRIES: Entry[] = [
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
];
