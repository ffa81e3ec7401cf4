// Catalogue entries for object attributes: tags, retention and legal hold.
import type { Entry } from './entry.js';
import { date, tagSet, xml } from './values.js';

export const OBJECT_ATTRIBUTE_ENTRIES: Entry[] = [
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
];
