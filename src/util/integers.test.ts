import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_INT32, parseDigits, parseXsInt } from './integers.js';

test('parseDigits takes plain decimal digits only', () => {
  assert.equal(parseDigits('1'), 1);
  assert.equal(parseDigits('01'), 1);
  assert.equal(parseDigits('0'), 0);
  assert.equal(parseDigits('10000'), 10000);
  for (const raw of [
    '',
    '1.0',
    '0x1',
    ' 1',
    '1 ',
    ' 1 ',
    '+1',
    '-1',
    '1e0',
    '1_000',
    '١',
    'Infinity',
    'NaN',
    '0b1',
    '0o1',
    '1\n',
    '12345678901234567',
  ]) {
    assert.equal(parseDigits(raw), undefined, JSON.stringify(raw));
  }
  assert.equal(parseDigits(String(MAX_INT32), MAX_INT32), MAX_INT32);
  assert.equal(parseDigits(String(MAX_INT32 + 1), MAX_INT32), undefined);
});

test('parseXsInt takes xs:int: optional sign and XML whitespace around digits', () => {
  assert.equal(parseXsInt('30'), 30);
  assert.equal(parseXsInt(' 30\n'), 30);
  assert.equal(parseXsInt('+7'), 7);
  assert.equal(parseXsInt('-3'), -3);
  assert.equal(parseXsInt(String(MAX_INT32)), MAX_INT32);
  for (const raw of ['', ' ', '1.0', '0x1', '1e0', '\u00a01', '2147483648', '99999999999', '+', '- 1', '1 2']) {
    assert.equal(parseXsInt(raw), undefined, JSON.stringify(raw));
  }
});
