// What a catalogue entry is: a builder of one well-formed request for one S3
// operation, aimed at a target picked in the seeded world.
import type { Rng } from '../prng.js';
import type { QueryPair } from '../request.js';
import type { World } from '../world.js';

export interface Target {
  bucket: string;
  key: string;
  large: boolean;
}

/** What an entry builds; generate.ts turns it into a FuzzRequest. */
export interface Built {
  method: string;
  /** Whether the path names the target's key (else only its bucket). */
  object: boolean;
  /** A fixed path instead of the target's. */
  path?: string;
  /** Aim at this upload's bucket and key instead of the picked target. */
  target?: { bucket: string; key: string };
  query?: QueryPair[];
  headers?: Array<[string, string]>;
  body?: Buffer;
  mutations?: string[];
  /** The body may be sent aws-chunked. */
  chunkable?: boolean;
  /** Send a correct Content-MD5 (S3 wants one, or a checksum, on these). */
  contentMd5?: boolean;
  /** A GET whose answer streams an object over 128 KiB. */
  large?: boolean;
}

export interface Entry {
  op: string;
  build: (rng: Rng, world: World, t: Target) => Built;
}
