import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etagListMatches, resolveRange } from './conditions.js';

test('resolveRange follows RFC 7233 as S3 applies it', () => {
  assert.equal(resolveRange(undefined, 10), null);
  assert.deepEqual(resolveRange('bytes=0-0', 10), { start: 0, end: 0 });
  assert.deepEqual(resolveRange('bytes=5-', 10), { start: 5, end: 9 });
  assert.deepEqual(resolveRange('bytes=-3', 10), { start: 7, end: 9 });
  assert.deepEqual(resolveRange('bytes=-30', 10), { start: 0, end: 9 });
  assert.deepEqual(resolveRange('bytes=8-100', 10), { start: 8, end: 9 });
  assert.equal(resolveRange('bytes=0-1,3-4', 10), null, 'multiple ranges: whole object');
  assert.equal(resolveRange('items=0-1', 10), null);
  assert.throws(() => resolveRange('bytes=10-', 10), { code: 'InvalidRange' });
  assert.throws(() => resolveRange('bytes=-0', 10), { code: 'InvalidRange' });
  assert.throws(() => resolveRange('bytes=0-', 0), { code: 'InvalidRange' });
});

test('etagListMatches accepts quoted, weak, listed and * forms', () => {
  assert.ok(etagListMatches('"abc"', 'abc'));
  assert.ok(etagListMatches('abc', 'abc'));
  assert.ok(etagListMatches('W/"abc"', 'abc'));
  assert.ok(etagListMatches('"x", "abc"', 'abc'));
  assert.ok(etagListMatches('*', 'abc'));
  assert.ok(!etagListMatches('"abd"', 'abc'));
});
