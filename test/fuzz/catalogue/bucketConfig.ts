// Catalogue entries for bucket configuration: versioning, tags, lifecycle
// rules and the object lock configuration.
import type { XmlNode } from '../xml.js';
import type { Entry } from './entry.js';
import { date, tagSet, xml } from './values.js';

export const BUCKET_CONFIG_ENTRIES: Entry[] = [
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
];
