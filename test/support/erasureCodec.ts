// Shared by the erasure codec's tests (src/storage/erasure/codec/*.test.ts):
// codecs on every kernel variant this runtime can run (relaxed-simd only where
// the runtime supports it), and deterministic test data. It lives under test/
// so that it is never part of the product build (dist/src).
import { ReedSolomonCodec } from '../../src/storage/erasure/codec/ReedSolomon.js';
import { type KernelVariant, compileKernel, instantiateKernel } from '../../src/storage/erasure/codec/wasm.js';

export interface LoadedVariant {
  readonly variant: KernelVariant;
  codec(dataShards: number, parityShards: number): ReedSolomonCodec;
}

/** Every variant that compiles here; always includes 'simd' (or rejects). */
export async function loadVariants(): Promise<LoadedVariant[]> {
  const loaded: LoadedVariant[] = [];
  for (const variant of ['simd', 'relaxed-simd'] as const) {
    let module: WebAssembly.Module;
    try {
      module = await compileKernel(variant);
    } catch (err) {
      if (variant === 'simd') throw err;
      continue;
    }
    loaded.push({ variant, codec: (k, m) => new ReedSolomonCodec(k, m, instantiateKernel(module)) });
  }
  return loaded;
}

/** `count` shards of `length` pseudo-random bytes (xorshift32 from `seed`): reproducible failures. */
export function randomShards(count: number, length: number, seed: number): Uint8Array[] {
  let state = seed >>> 0 || 1;
  return Array.from({ length: count }, () => {
    const shard = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      shard[i] = state & 0xff;
    }
    return shard;
  });
}

/** Every way to choose `size` of the numbers 0..n-1, in lexicographic order. */
export function combinations(n: number, size: number): number[][] {
  const out: number[][] = [];
  const pick = (start: number, chosen: number[]): void => {
    if (chosen.length === size) {
      out.push([...chosen]);
      return;
    }
    for (let i = start; i <= n - (size - chosen.length); i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return out;
}

/** `count` pseudo-random sorted choices of `size` of the numbers 0..n-1 (n <= 256). */
export function sampleSubsets(n: number, size: number, count: number, seed: number): number[][] {
  const [keys] = randomShards(1, count * n, seed);
  return Array.from({ length: count }, (_, sample) => {
    // Order 0..n-1 by a random byte each; keep the first `size`.
    const key = (i: number): number => keys![sample * n + i]!;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
    return order.slice(0, size).sort((a, b) => a - b);
  });
}
