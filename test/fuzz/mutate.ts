// Mutations of a well-formed request: header values, duplicated headers,
// lying lengths and digests, query strings, bodies, aws-chunked framing and
// hang-ups. Each records its name on the request, for the report.
//
// The mutators live by what they break in mutators/; MUTATORS lists them in
// one fixed order, since a request's seed picks one by its cumulative weight:
// reordering them would change the requests every seed replays.
import { HEADER_MUTATORS } from './mutators/headers.js';
import type { MutateOptions, Mutator, WeightedMutator } from './mutators/mutator.js';
import { QUERY_MUTATORS } from './mutators/query.js';
import { TRANSFER_MUTATORS } from './mutators/transfer.js';
import type { Rng } from './prng.js';
import type { FuzzRequest } from './request.js';

export type { MutateOptions } from './mutators/mutator.js';

const MUTATORS: WeightedMutator[] = [...HEADER_MUTATORS, ...QUERY_MUTATORS, ...TRANSFER_MUTATORS];

const TOTAL_WEIGHT = MUTATORS.reduce((sum, [w]) => sum + w, 0);

function pickMutator(rng: Rng): Mutator {
  let r = rng.int(TOTAL_WEIGHT);
  for (const [weight, mutate] of MUTATORS) {
    if (r < weight) return mutate;
    r -= weight;
  }
  return MUTATORS[0]![1];
}

/** Applies 0-3 mutations (none about one time in six, so valid requests keep the server's state moving). */
export function mutate(req: FuzzRequest, rng: Rng, options: MutateOptions): void {
  const count = rng.chance(0.17) ? 0 : rng.range(1, 3);
  for (let i = 0; i < count; i++) {
    const applied = pickMutator(rng)(req, rng, options);
    if (applied !== undefined) req.mutations.push(applied);
  }
}
