// Catalogue entries for requests the router must refuse cleanly: sub-resources
// it does not implement, and methods S3 does not have.
import type { Entry } from './entry.js';

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

export const ODD_ENTRIES: Entry[] = [
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
