import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Lru } from './lru.js';

test('Lru evicts the least recently used entry', () => {
  const lru = new Lru<string, number>(2);
  lru.set('a', 1);
  lru.set('b', 2);
  assert.equal(lru.get('a'), 1); // a is now more recent than b
  lru.set('c', 3);
  assert.equal(lru.get('b'), undefined);
  assert.equal(lru.get('a'), 1);
  assert.equal(lru.get('c'), 3);
  assert.equal(lru.size, 2);
  lru.set('a', 10); // replacing does not grow it
  assert.equal(lru.size, 2);
  assert.equal(lru.get('a'), 10);
});

test('Lru refuses a capacity below 1', () => {
  assert.throws(() => new Lru(0), RangeError);
});
