import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GfMatrix, generatorMatrix, parityMatrix } from './matrix.js';
import { referenceMul } from './scalarReference.js';
import { combinations, randomShards, sampleSubsets } from '../../../../test/support/erasureCodec.js';

function assertIdentity(m: GfMatrix, message: string): void {
  assert.deepEqual(m.cells, GfMatrix.identity(m.rows).cells, message);
}

test('invert: M * inverse(M) = inverse(M) * M = I for random matrices', () => {
  let inverted = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const size = 1 + (seed % 12);
    const [cells] = randomShards(1, size * size, seed);
    const m = new GfMatrix(size, size, cells);
    let inverse: GfMatrix;
    try {
      inverse = m.invert();
    } catch {
      continue; // a random matrix is occasionally singular
    }
    inverted++;
    assertIdentity(m.multiply(inverse), `seed ${seed}`);
    assertIdentity(inverse.multiply(m), `seed ${seed}`);
  }
  assert.ok(inverted >= 50, `only ${inverted} of 60 random matrices were invertible`);
});

test('invert throws on a singular matrix', () => {
  const m = new GfMatrix(3, 3, Uint8Array.from([1, 2, 3, 4, 5, 6, 1, 2, 3]));
  assert.throws(() => m.invert(), /singular/);
  assert.throws(() => new GfMatrix(2, 2).invert(), /singular/);
});

test('parityMatrix follows its definition: P[i][j] = (k ^ j) / ((k + i) ^ j), so row 0 is all ones', () => {
  for (const [k, m] of [
    [1, 1],
    [2, 1],
    [4, 2],
    [8, 4],
    [16, 8],
    [200, 56],
  ] as const) {
    const p = parityMatrix(k, m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < k; j++) {
        assert.equal(referenceMul(p.get(i, j), (k + i) ^ j), k ^ j, `${k}+${m}: P[${i}][${j}]`);
      }
    }
    assert.ok(p.row(0).every((c) => c === 1));
  }
  assert.throws(() => parityMatrix(200, 57), RangeError);
});

test('parityMatrix is pinned: changing it would make written parity unreadable', () => {
  assert.deepEqual(Array.from(parityMatrix(4, 2).cells), [1, 1, 1, 1, 166, 70, 187, 123]);
  assert.deepEqual(Array.from(parityMatrix(8, 4).row(3)), [180, 123, 187, 235, 166, 230, 226, 70]);
});

test('any dataShards rows of the generator are invertible (every shard subset that must decode does)', () => {
  for (const [k, m] of [
    [1, 1],
    [2, 1],
    [4, 2],
    [6, 3],
    [8, 4],
    [12, 4],
  ] as const) {
    const g = generatorMatrix(k, m);
    for (const rows of combinations(k + m, k)) {
      assert.doesNotThrow(() => g.pickRows(rows).invert(), `${k}+${m} rows ${rows.join(',')}`);
    }
  }
});

test('16+8: a sample of the 735471 row subsets is invertible', () => {
  const g = generatorMatrix(16, 8);
  for (const rows of sampleSubsets(24, 16, 500, 7)) {
    assert.doesNotThrow(() => g.pickRows(rows).invert(), `rows ${rows.join(',')}`);
  }
});
