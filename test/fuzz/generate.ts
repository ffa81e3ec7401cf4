// One request from its own seed: a catalogue entry aimed at a target in the
// seeded world, then mutated. Generation never looks at earlier answers, so
// the same seed gives the same sequence of requests.
import { createHash } from 'node:crypto';
import { CATALOGUE, objectPath, pickTarget } from './catalogue.js';
import { mutate, type MutateOptions } from './mutate.js';
import { Rng } from './prng.js';
import type { FuzzRequest } from './request.js';
import type { World } from './world.js';

export function generate(requestSeed: number, world: World, options: MutateOptions): FuzzRequest {
  const rng = new Rng(requestSeed);
  const entry = rng.pick(CATALOGUE);
  const target = pickTarget(rng, world);
  const built = entry.build(rng, world, target);
  const aim = built.target ?? target;
  const body = built.body ?? Buffer.alloc(0);
  const headers = [...(built.headers ?? [])];
  if (built.contentMd5 === true && rng.chance(0.9)) headers.push(['content-md5', createHash('md5').update(body).digest('base64')]);
  const req: FuzzRequest = {
    op: entry.op,
    mutations: [...(built.mutations ?? [])],
    method: built.method,
    path: built.path ?? objectPath(aim.bucket, built.object ? aim.key : undefined),
    query: [...(built.query ?? [])],
    headers,
    extraHeaders: [],
    body,
    contentLength: 'auto',
    truncated: false,
    largeResponse: built.method === 'GET' && entry.op === 'GetObject' && target.large,
  };
  mutate(req, rng, options);
  return req;
}
