import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReedSolomonCodec } from './ReedSolomon.js';
import { CHUNK_BYTES } from './scratch.js';
import { combinations, loadVariants, randomShards, sampleSubsets } from '../../../../test/support/erasureCodec.js';

const variants = await loadVariants();

/** Data and freshly encoded parity: k + m shards of `length` bytes. */
function encoded(rs: ReedSolomonCodec, length: number, seed: number): Uint8Array[] {
  const data = randomShards(rs.dataShards, length, seed);
  const parity = Array.from({ length: rs.parityShards }, () => new Uint8Array(length));
  rs.encode(data, parity);
  return [...data, ...parity];
}

/**
 * Drops the `missing` shards, rebuilds them into garbage-filled buffers, and
 * checks the result. With `dataOnly`, asks for the missing data shards only
 * and checks the parity buffers are left alone.
 */
function checkRebuild(rs: ReedSolomonCodec, original: Uint8Array[], missing: readonly number[], dataOnly = false): void {
  const k = rs.dataShards;
  const length = original[0]!.length;
  const shards = original.map((s, i) => (missing.includes(i) ? null : s));
  const out = original.map((_, i) => (missing.includes(i) && (!dataOnly || i < k) ? randomShards(1, length, i + 1)[0]! : null));
  rs.reconstruct(shards, out);
  out.forEach((o, i) => {
    if (o !== null) assert.deepEqual(o, original[i], `${k}+${rs.parityShards}: shard ${i}, missing ${missing.join(',')}`);
  });
}

for (const { variant, codec } of variants) {
  for (const [k, m] of [
    [4, 2],
    [8, 4],
  ] as const) {
    test(`reconstruct (${variant}) ${k}+${m}: every pattern of up to ${m} missing shards`, () => {
      const rs = codec(k, m);
      const original = encoded(rs, 100, k * 10 + m);
      let patterns = 0;
      for (let lost = 1; lost <= m; lost++) {
        for (const missing of combinations(k + m, lost)) {
          checkRebuild(rs, original, missing);
          checkRebuild(rs, original, missing, true);
          patterns++;
        }
      }
      assert.equal(patterns, k === 8 ? 12 + 66 + 220 + 495 : 6 + 15);
    });
  }

  test(`reconstruct (${variant}) 16+8: sampled patterns of 8 missing (two kernel groups) and long shards`, () => {
    const rs = codec(16, 8);
    const original = encoded(rs, 300, 1);
    for (const missing of sampleSubsets(24, 8, 200, 3)) checkRebuild(rs, original, missing);
    const long = encoded(rs, 3 * CHUNK_BYTES + 5, 2);
    checkRebuild(rs, long, [0, 3, 5, 8, 13, 15, 16, 23]);
    checkRebuild(rs, long, [15]);
  });

  test(`reconstruct (${variant}) 1+1 and 2+1`, () => {
    for (const [k, m] of [
      [1, 1],
      [2, 1],
    ] as const) {
      const rs = codec(k, m);
      const original = encoded(rs, 33, k);
      for (let i = 0; i < k + m; i++) checkRebuild(rs, original, [i]);
    }
  });
}

test('reconstruct throws a clear Error when fewer than dataShards shards are present', () => {
  const rs = variants[0]!.codec(8, 4);
  const original = encoded(rs, 64, 3);
  const shards = original.map((s, i) => (i < 5 ? null : s));
  const out = original.map((_, i) => (i < 5 ? new Uint8Array(64) : null));
  assert.throws(() => rs.reconstruct(shards, out), {
    name: 'Error',
    message: 'reconstruct: only 7 of 12 shards present; a 8+4 code needs at least 8',
  });
  // Even when the caller asks for nothing back.
  assert.throws(
    () =>
      rs.reconstruct(
        shards,
        out.map(() => null),
      ),
    /only 7 of 12/,
  );
});

test('reconstruct with nothing to rebuild leaves everything alone', () => {
  const rs = variants[0]!.codec(4, 2);
  const original = encoded(rs, 50, 4);
  const copies = original.map((s) => s.slice());
  const out = original.map(() => new Uint8Array(50).fill(7));
  rs.reconstruct(original, out); // nothing missing: out entries of present shards are ignored
  assert.ok(out.every((o) => o.every((b) => b === 7)));
  assert.deepEqual(original, copies);
});

test('reconstruct refuses wrong counts and lengths', () => {
  const rs = variants[0]!.codec(4, 2);
  const original = encoded(rs, 50, 5);
  const shards = original.map((s, i) => (i === 0 ? null : s));
  const good = original.map((_, i) => (i === 0 ? new Uint8Array(50) : null));
  assert.throws(() => rs.reconstruct(shards.slice(1), good), /expected 6 shards/);
  assert.throws(() => rs.reconstruct(shards, good.slice(1)), /expected 6 shards/);
  const short = original.map((_, i) => (i === 0 ? new Uint8Array(49) : null));
  assert.throws(() => rs.reconstruct(shards, short), /differ in length/);
  const uneven = shards.map((s, i) => (i === 3 ? new Uint8Array(51) : s));
  assert.throws(() => rs.reconstruct(uneven, good), /differ in length/);
});
