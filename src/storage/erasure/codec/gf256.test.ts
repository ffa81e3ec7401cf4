import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gfDiv, gfInv, gfMul, writeMulTables } from './gf256.js';
import { referenceMul } from './scalarReference.js';

test('gfMul matches shift-and-add multiplication for all 256 x 256 pairs', () => {
  for (let a = 0; a < 256; a++) {
    for (let b = 0; b < 256; b++) {
      const expected = referenceMul(a, b);
      if (gfMul(a, b) !== expected) assert.fail(`gfMul(${a}, ${b}) = ${gfMul(a, b)}, expected ${expected}`);
    }
  }
});

test('referenceMul is the field of polynomial 0x11d (x^8 = x^4 + x^3 + x^2 + 1)', () => {
  assert.equal(referenceMul(0x80, 2), 0x1d);
  assert.equal(referenceMul(2, 2), 4);
  assert.equal(referenceMul(0xff, 1), 0xff);
});

test('gfInv is the unique inverse of every non-zero element; 0 has none', () => {
  for (let a = 1; a < 256; a++) {
    const inverses: number[] = [];
    for (let b = 1; b < 256; b++) if (referenceMul(a, b) === 1) inverses.push(b);
    assert.deepEqual(inverses, [gfInv(a)], `inverse of ${a}`);
  }
  assert.throws(() => gfInv(0), RangeError);
});

test('gfDiv undoes gfMul for all pairs with a non-zero divisor', () => {
  for (let a = 0; a < 256; a++) {
    for (let b = 1; b < 256; b++) {
      if (gfDiv(gfMul(a, b), b) !== a) assert.fail(`(${a} * ${b}) / ${b} != ${a}`);
    }
  }
});

test('nibble tables: low[x & 15] ^ high[x >> 4] = c * x for all c and x', () => {
  const tables = new Uint8Array(32);
  for (let c = 0; c < 256; c++) {
    writeMulTables(c, tables, 0);
    for (let x = 0; x < 256; x++) {
      const viaTables = tables[x & 15]! ^ tables[16 + (x >> 4)]!;
      if (viaTables !== referenceMul(c, x)) assert.fail(`tables for ${c} give ${viaTables} for x = ${x}`);
    }
  }
});
