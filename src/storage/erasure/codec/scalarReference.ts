// Byte-at-a-time versions of what the SIMD kernels compute, straight from the
// definitions, for tests to compare against. Far too slow for real data.
import { gfMul } from './gf256.js';
import { parityMatrix } from './matrix.js';

/** Parity shard i, byte b = XOR over j of P[i][j] * data[j][b]. */
export function referenceEncode(data: readonly Uint8Array[], parityShards: number): Uint8Array[] {
  const length = data[0]?.length ?? 0;
  const p = parityMatrix(data.length, parityShards);
  return Array.from({ length: parityShards }, (_, i) => {
    const out = new Uint8Array(length);
    data.forEach((shard, j) => {
      const c = p.get(i, j);
      for (let b = 0; b < length; b++) out[b]! ^= gfMul(c, shard[b]!);
    });
    return out;
  });
}

/** Multiplication by shift-and-add with reduction: no tables, so it checks them. */
export function referenceMul(a: number, b: number): number {
  let product = 0;
  for (let bit = 7; bit >= 0; bit--) {
    product <<= 1;
    if (product & 0x100) product ^= 0x11d;
    if ((b >> bit) & 1) product ^= a;
  }
  return product;
}
