// Mutators of the request's query string and path: added, changed and
// repeated parameters, raw (unsigned, badly encoded) suffixes, odd paths.
import { wire, type WeightedMutator } from './mutator.js';

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

export const QUERY_MUTATORS: WeightedMutator[] = [
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
];
