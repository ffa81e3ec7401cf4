// Deterministic, incompressible test bytes: an xorshift stream seeded per
// call, so a test can rebuild what it wrote and name it by seed.
export function patternBytes(sizeBytes: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(sizeBytes);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < sizeBytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
