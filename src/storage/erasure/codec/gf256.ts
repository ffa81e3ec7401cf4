// Arithmetic in GF(2^8), the field Reed-Solomon works in: bytes, with XOR as
// addition and multiplication modulo the polynomial x^8+x^4+x^3+x^2+1 (0x11d),
// whose root 2 generates all 255 non-zero elements. This field is part of the
// on-disk format: changing it changes every parity byte.
//
// The scalar code here builds matrices and SIMD tables (a few thousand
// multiplications per codec or per missing-shard pattern); the bulk of the
// bytes goes through the WebAssembly kernels.

/** The reduction polynomial, with its x^8 bit. */
const GF_POLYNOMIAL = 0x11d;

// exp has 510 entries so exp[log a + log b] needs no "mod 255".
const exp = new Uint8Array(510);
const log = new Uint8Array(256);
{
  let x = 1;
  for (let power = 0; power < 255; power++) {
    exp[power] = x;
    exp[power + 255] = x;
    log[x] = power;
    x <<= 1;
    if (x & 0x100) x ^= GF_POLYNOMIAL;
  }
}

/** a * b in GF(2^8). */
export function gfMul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return exp[log[a]! + log[b]!]!;
}

/** The multiplicative inverse of a non-zero element. */
export function gfInv(a: number): number {
  if (a === 0) throw new RangeError('0 has no inverse in GF(2^8)');
  return exp[255 - log[a]!]!;
}

/** a / b in GF(2^8), b non-zero. */
export function gfDiv(a: number, b: number): number {
  return gfMul(a, gfInv(b));
}

/** Bytes of the lookup tables for one coefficient (see kernel.wat). */
export const TABLE_PAIR_BYTES = 32;

/**
 * Writes the two 16-entry tables that let i8x16.swizzle multiply by `c`:
 * low[n] = c*n and high[n] = c*(n << 4), for n = 0..15.
 */
export function writeMulTables(c: number, out: Uint8Array, offset: number): void {
  for (let n = 0; n < 16; n++) {
    out[offset + n] = gfMul(c, n);
    out[offset + 16 + n] = gfMul(c, n << 4);
  }
}
