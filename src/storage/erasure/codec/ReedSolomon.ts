// The Reed-Solomon codec: a systematic code over GF(2^8) (data shards are
// stored as they are; parity shards are combinations of them; see matrix.ts
// for the generator) where any `dataShards` of the shards rebuild the rest.
// Calls are synchronous and keep no state between them beyond caches, so one
// codec per (data, parity) layout can serve every request of a process.
import { Lru } from './lru.js';
import { type GfMatrix, MAX_TOTAL_SHARDS, generatorMatrix } from './matrix.js';
import { type Plan, makePlan } from './plan.js';
import { Scratch } from './scratch.js';
import type { Kernel } from './wasm.js';

export interface ReedSolomon {
  readonly dataShards: number;
  readonly parityShards: number;
  /** Computes parity from data. All shards have the same length (any length ≥ 0; callers pad the last stripe). */
  encode(data: readonly Uint8Array[], parity: readonly Uint8Array[]): void;
  /**
   * Rebuilds the shards marked missing (null) in `shards` into the `out`
   * buffers at the same positions; needs at least dataShards present, and
   * throws an Error saying so otherwise. A missing shard whose `out` entry is
   * also null is not rebuilt (a read that only needs the data shards skips
   * the parity); `out` entries for present shards are ignored.
   */
  reconstruct(shards: ReadonlyArray<Uint8Array | null>, out: ReadonlyArray<Uint8Array | null>): void;
  /** Verifies parity matches data (for scrub); returns false on mismatch. */
  verify(shards: readonly Uint8Array[]): boolean;
}

/** Missing-shard patterns whose decode plans are kept; a degraded set cycles through very few. */
const DECODE_PLANS_CACHED = 16;

export class ReedSolomonCodec implements ReedSolomon {
  private readonly generator: GfMatrix;
  private readonly encodePlan: Plan;
  private readonly decodePlans = new Lru<string, Plan>(DECODE_PLANS_CACHED);
  private readonly scratch: Scratch;

  constructor(
    readonly dataShards: number,
    readonly parityShards: number,
    kernel: Kernel,
  ) {
    if (!Number.isInteger(dataShards) || dataShards < 1) throw new RangeError(`dataShards must be an integer ≥ 1, not ${dataShards}`);
    if (!Number.isInteger(parityShards) || parityShards < 0) {
      throw new RangeError(`parityShards must be an integer ≥ 0, not ${parityShards}`);
    }
    if (dataShards + parityShards > MAX_TOTAL_SHARDS) {
      throw new RangeError(`dataShards + parityShards must be at most ${MAX_TOTAL_SHARDS}, not ${dataShards + parityShards}`);
    }
    this.generator = generatorMatrix(dataShards, parityShards);
    const dataIndices = range(0, dataShards);
    const parityIndices = range(dataShards, dataShards + parityShards);
    this.encodePlan = makePlan(dataIndices, parityIndices, this.generator.pickRows(parityIndices));
    this.scratch = new Scratch(kernel, dataShards, parityShards);
  }

  /** Bytes of WebAssembly memory this codec holds: bounded by its shard count, not by the sizes it sees. */
  get scratchMemoryBytes(): number {
    return this.scratch.memoryBytes;
  }

  encode(data: readonly Uint8Array[], parity: readonly Uint8Array[]): void {
    this.expectCount('encode: data', data.length, this.dataShards);
    this.expectCount('encode: parity', parity.length, this.parityShards);
    const length = commonLength('encode', [...data, ...parity]);
    const k = this.dataShards;
    this.scratch.run(
      this.encodePlan,
      data,
      this.encodePlan.outputs.map((s) => parity[s - k]!),
      length,
    );
  }

  reconstruct(shards: ReadonlyArray<Uint8Array | null>, out: ReadonlyArray<Uint8Array | null>): void {
    const total = this.dataShards + this.parityShards;
    this.expectCount('reconstruct: shards', shards.length, total);
    this.expectCount('reconstruct: out', out.length, total);
    const present: number[] = [];
    const wanted: number[] = [];
    shards.forEach((shard, i) => {
      if (shard !== null) present.push(i);
      else if (out[i] !== null) wanted.push(i);
    });
    if (present.length < this.dataShards) {
      throw new Error(
        `reconstruct: only ${present.length} of ${total} shards present; ` +
          `a ${this.dataShards}+${this.parityShards} code needs at least ${this.dataShards}`,
      );
    }
    const length = commonLength('reconstruct', [...present.map((i) => shards[i]!), ...wanted.map((i) => out[i]!)]);
    if (wanted.length === 0) return;
    // Any dataShards present shards will do; the lowest indices prefer data
    // shards, so with no data missing this is plain encoding of the parity.
    const plan = this.decodePlan(present.slice(0, this.dataShards), wanted);
    this.scratch.run(
      plan,
      plan.inputs.map((i) => shards[i]!),
      plan.outputs.map((i) => out[i]!),
      length,
    );
  }

  verify(shards: readonly Uint8Array[]): boolean {
    this.expectCount('verify: shards', shards.length, this.dataShards + this.parityShards);
    const length = commonLength('verify', shards);
    const data = shards.slice(0, this.dataShards);
    return this.scratch.matches(
      this.encodePlan,
      data,
      this.encodePlan.outputs.map((s) => shards[s]!),
      length,
    );
  }

  /** The plan computing `wanted` from `inputs`, from the cache or built (one k x k inversion). */
  private decodePlan(inputs: number[], wanted: number[]): Plan {
    const key = `${inputs.join(',')}>${wanted.join(',')}`;
    let plan = this.decodePlans.get(key);
    if (plan === undefined) {
      // Shard s = G[s] * data, so data = inverse(G[inputs]) * shards[inputs],
      // and each wanted shard is G[wanted] * inverse(G[inputs]) * shards[inputs].
      const fromInputs = this.generator.pickRows(inputs).invert();
      plan = makePlan(inputs, wanted, this.generator.pickRows(wanted).multiply(fromInputs));
      this.decodePlans.set(key, plan);
    }
    return plan;
  }

  private expectCount(what: string, actual: number, expected: number): void {
    if (actual !== expected) {
      throw new RangeError(`${what}: expected ${expected} shards for a ${this.dataShards}+${this.parityShards} code, got ${actual}`);
    }
  }
}

/** The one length all the given shards share; throws if they differ. */
function commonLength(what: string, shards: readonly Uint8Array[]): number {
  const length = shards[0]?.length ?? 0;
  for (const shard of shards) {
    if (shard.length !== length) throw new RangeError(`${what}: shards differ in length (${length} and ${shard.length} bytes)`);
  }
  return length;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
