// Values the catalogue's entries pick from: numbers and dates as a client
// might (mis)write them, list parameters, tag sets, XML bodies (mutated in
// xml.ts), and the seeded uploads.
import type { Rng } from '../prng.js';
import type { QueryPair } from '../request.js';
import type { World } from '../world.js';
import { xmlBody, type XmlNode } from '../xml.js';

export const xml = (rng: Rng, tree: XmlNode): { body: Buffer; mutations: string[] } => xmlBody(tree, rng);
export const num = (rng: Rng): string =>
  rng.pick(['0', '1', '2', '3', '10', '1000', '1001', '10000', '-1', '1.5', 'abc', '', '99999999999999999999', '0x10', '2147483648']);
export const date = (rng: Rng): string =>
  rng.pick([
    '2030-01-01T00:00:00Z',
    '2030-01-01T00:00:00.000Z',
    '1999-01-01T00:00:00Z',
    '2030-13-45T99:99:99Z',
    'tomorrow',
    '+275760-09-13T00:00:00Z',
    '2030-01-01',
  ]);
export const uploadOf = (rng: Rng, world: World) => rng.pick(world.uploads);

export const listParams = (rng: Rng, names: string[]): QueryPair[] => {
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

export const tagSet = (rng: Rng): XmlNode => [
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
