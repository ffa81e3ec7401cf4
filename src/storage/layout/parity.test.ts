import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultParity, parityFor, resolveParity, validateParity } from './parity.js';

test('STANDARD parity by set size', () => {
  const expected = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4];
  expected.forEach((parity, i) => assert.equal(defaultParity(i + 1, 'STANDARD'), parity, `set of ${i + 1}`));
});

test('REDUCED_REDUNDANCY parity is half of STANDARD, at least 1', () => {
  const expected = [0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2];
  expected.forEach((parity, i) => assert.equal(defaultParity(i + 1, 'REDUCED_REDUNDANCY'), parity, `set of ${i + 1}`));
});

test('every default parity is valid for its set', () => {
  for (let size = 1; size <= 16; size++) {
    validateParity(size, defaultParity(size, 'STANDARD'));
    validateParity(size, defaultParity(size, 'REDUCED_REDUNDANCY'));
  }
});

test('parity is at most half the set, at least 1 with erasure coding, 0 without', () => {
  validateParity(8, 4);
  validateParity(5, 2);
  validateParity(2, 1);
  assert.throws(() => validateParity(8, 5), /more than half of an erasure set of 8 drives: use 1 to 4/);
  assert.throws(() => validateParity(5, 3), /use 1 to 2/);
  assert.throws(() => validateParity(4, 0), /at least 1/);
  assert.throws(() => validateParity(1, 1), /must be 0/);
  assert.throws(() => validateParity(8, 1.5), /whole number/);
  assert.throws(() => validateParity(8, -1), /whole number/);
});

test('configured parity overrides the defaults and is checked', () => {
  assert.deepEqual(resolveParity(8), { standard: 4, reducedRedundancy: 2 });
  assert.deepEqual(resolveParity(16, { standard: 6 }), { standard: 6, reducedRedundancy: 2 });
  assert.deepEqual(resolveParity(8, { standard: 1 }), { standard: 1, reducedRedundancy: 1 });
  assert.deepEqual(resolveParity(12, { standard: 3, reducedRedundancy: 3 }), { standard: 3, reducedRedundancy: 3 });
  assert.deepEqual(resolveParity(1), { standard: 0, reducedRedundancy: 0 });
  assert.throws(() => resolveParity(8, { standard: 5 }), /STANDARD parity of 5 is more than half/);
  assert.throws(() => resolveParity(8, { reducedRedundancy: 0 }), /REDUCED_REDUNDANCY parity of at least 1/);
  assert.throws(() => resolveParity(8, { standard: 2, reducedRedundancy: 3 }), /may not be safer than standard/);
});

test('storage classes map to parity', () => {
  const policy = { standard: 4, reducedRedundancy: 2 };
  assert.equal(parityFor(policy, 'REDUCED_REDUNDANCY'), 2);
  assert.equal(parityFor(policy, 'STANDARD'), 4);
  assert.equal(parityFor(policy, 'STANDARD_IA'), 4);
  assert.equal(parityFor(policy, undefined), 4);
});
