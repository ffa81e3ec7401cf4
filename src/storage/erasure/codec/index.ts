// Reed-Solomon erasure codec for the multi-drive engine: WebAssembly SIMD
// kernels (kernel.wat) behind a synchronous API over caller-owned buffers.
//
//   await initCodec();                        // once per process
//   const rs = createReedSolomon(8, 4);       // once per layout; reusable by every request
//   const shard = shardSize(stripe.length, 8);
//   rs.encode(dataShards, parityShards);      // each `shard` bytes
//   rs.reconstruct(shardsOrNull, outOrNull);  // any 8 of the 12 rebuild the others
import { ReedSolomonCodec, type ReedSolomon } from './ReedSolomon.js';
import { instantiateKernel } from './wasm.js';

export type { ReedSolomon } from './ReedSolomon.js';
export { initCodec, kernelVariant, type KernelVariant } from './wasm.js';

/** A codec for `dataShards` + `parityShards` (data ≥ 1, parity ≥ 0, at most 256 in all). Needs initCodec() first. */
export function createReedSolomon(dataShards: number, parityShards: number): ReedSolomon {
  return new ReedSolomonCodec(dataShards, parityShards, instantiateKernel());
}

/** Splits a stripe of `stripeBytes` into `dataShards` equal shards, padding with zeros: the shard size for a stripe. */
export function shardSize(stripeBytes: number, dataShards: number): number {
  if (!Number.isSafeInteger(stripeBytes) || stripeBytes < 0) throw new RangeError(`stripeBytes must be an integer ≥ 0, not ${stripeBytes}`);
  if (!Number.isInteger(dataShards) || dataShards < 1) throw new RangeError(`dataShards must be an integer ≥ 1, not ${dataShards}`);
  return Math.ceil(stripeBytes / dataShards);
}

/**
 * One codec per (data, parity) pair, made on first use: codecs are
 * synchronous and stateless between calls, so every request of a process
 * can share them. Needs initCodec() first.
 */
export function codecCache(): (dataShards: number, parityShards: number) => ReedSolomon {
  const codecs = new Map<string, ReedSolomon>();
  return (dataShards, parityShards) => {
    const key = `${dataShards}+${parityShards}`;
    let codec = codecs.get(key);
    if (codec === undefined) codecs.set(key, (codec = createReedSolomon(dataShards, parityShards)));
    return codec;
  };
}
