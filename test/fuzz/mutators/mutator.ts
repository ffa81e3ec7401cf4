// What a mutator is, and the small tools the mutators share.
import type { Rng } from '../prng.js';
import type { FuzzRequest } from '../request.js';

export interface MutateOptions {
  /** Hang up mid-response on GETs of objects over 128 KiB (the streamed path). */
  largeAborts: boolean;
}

export type Mutator = (req: FuzzRequest, rng: Rng, options: MutateOptions) => string | undefined;

/** A mutator and its weight: how often it is picked, relative to the others. */
export type WeightedMutator = [weight: number, mutate: Mutator];

/** A JS string as it will look on the wire (latin1: one char per UTF-8 byte). */
export const wire = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

export const setHeader = (req: FuzzRequest, name: string, value: string): void => {
  req.headers = req.headers.filter(([n]) => n !== name);
  req.headers.push([name, value]);
  if (req.splitHeaders !== undefined) req.splitHeaders = req.splitHeaders.filter((n) => n !== name);
};
