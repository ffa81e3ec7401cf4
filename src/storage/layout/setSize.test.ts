import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseSetSize, nearbyValidCounts, validateSetSize } from './setSize.js';

test('small nodes use one set of all their drives', () => {
  for (let n = 1; n <= 16; n++) assert.equal(chooseSetSize(n), n);
});

test('larger nodes use the largest set size from 4 to 16 that divides the drive count', () => {
  const expected: Record<number, number> = {
    18: 9,
    20: 10,
    24: 12,
    28: 14,
    30: 15,
    32: 16,
    36: 12,
    48: 16,
    60: 15,
    64: 16,
    96: 16,
    100: 10,
    1024: 16,
  };
  for (const [n, size] of Object.entries(expected)) assert.equal(chooseSetSize(Number(n)), size, `${n} drives`);
  for (let n = 17; n <= 500; n++) {
    try {
      const size = chooseSetSize(n);
      assert.equal(n % size, 0);
      assert.ok(size >= 4 && size <= 16);
    } catch (err) {
      assert.match(String(err), /cannot be split/);
    }
  }
});

test('drive counts with no fitting set size are refused with nearby valid counts', () => {
  assert.throws(() => chooseSetSize(17), /17 drives cannot be split into equal erasure sets of 4–16 drives: use 16 or 18 drives/);
  assert.throws(() => chooseSetSize(19), /use 18 or 20 drives/);
  assert.throws(() => chooseSetSize(23), /use 22 or 24 drives/);
  assert.throws(() => chooseSetSize(34), /use 33 or 35 drives/);
  assert.deepEqual(nearbyValidCounts(17), [16, 18]);
  assert.throws(() => chooseSetSize(0), RangeError);
  assert.throws(() => chooseSetSize(2.5), RangeError);
});

test('an explicit set size must divide the drives and fit 4–16', () => {
  validateSetSize(32, 8);
  validateSetSize(3, 3);
  validateSetSize(16, 4);
  assert.throws(() => validateSetSize(32, 12), /does not divide 32 drives/);
  assert.throws(() => validateSetSize(4, 2), /outside 4–16/);
  assert.throws(() => validateSetSize(64, 32), /more than 16/);
  assert.throws(() => validateSetSize(20, 20), /more than 16/);
});
