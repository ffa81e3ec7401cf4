// One well-formed request per S3 operation the router knows
// (src/s3/router/operations.ts), aimed at the seeded world. The mutators then
// break them; the catalogue only varies what a valid client could send.
//
// The entries live by area in catalogue/; CATALOGUE lists them in one fixed
// order, since a request's seed picks an entry by its index: reordering them
// would change the requests every seed replays.
import { BUCKET_CONFIG_ENTRIES } from './catalogue/bucketConfig.js';
import { BUCKET_ENTRIES } from './catalogue/buckets.js';
import type { Entry, Target } from './catalogue/entry.js';
import { MULTIPART_ENTRIES } from './catalogue/multipart.js';
import { OBJECT_ATTRIBUTE_ENTRIES } from './catalogue/objectAttributes.js';
import { OBJECT_ENTRIES } from './catalogue/objects.js';
import { ODD_ENTRIES } from './catalogue/odd.js';
import type { Rng } from './prng.js';
import { escapeUri } from './sign.js';
import type { World } from './world.js';

export type { Built, Entry, Target } from './catalogue/entry.js';

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

export const CATALOGUE: Entry[] = [
  ...BUCKET_ENTRIES,
  ...OBJECT_ENTRIES,
  ...MULTIPART_ENTRIES,
  ...BUCKET_CONFIG_ENTRIES,
  ...OBJECT_ATTRIBUTE_ENTRIES,
  ...ODD_ENTRIES,
];
