import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setIndexOf } from '../engine/placement.js';
import { bucketScope, objectKey, partKey, prefixEnd, uploadKey } from './keys.js';

test('object keys of a bucket sort by the UTF-8 bytes of the key and stay inside the bucket scope', () => {
  const keys = ['', 'a', 'a/b', 'ab', 'é', '\uFF61', '😀'].map((key) => objectKey('b', key));
  const sorted = [...keys].sort(Buffer.compare);
  assert.deepEqual(sorted, keys);
  const scope = bucketScope('b');
  const end = prefixEnd(scope);
  assert.ok(end !== undefined);
  for (const key of keys) assert.ok(Buffer.compare(key, scope) >= 0 && Buffer.compare(key, end) < 0);
  assert.ok(Buffer.compare(objectKey('b', '\u{10FFFF}'), objectKey('b0', '')) < 0, 'bucket "b" sorts wholly before bucket "b0"');
});

test('prefixEnd is the first key after every key with the prefix', () => {
  assert.deepEqual(prefixEnd(Buffer.from('photos/')), Buffer.from('photos0'));
  assert.deepEqual(prefixEnd(Buffer.from([0x61, 0xff, 0xff])), Buffer.from([0x62]));
  assert.equal(prefixEnd(Buffer.from([0xff])), undefined);
});

test('part keys sort by part number; upload keys by key then upload id', () => {
  assert.ok(Buffer.compare(partKey('u', 2), partKey('u', 10)) < 0);
  assert.ok(Buffer.compare(partKey('u', 10_000), partKey('u', 255)) > 0);
  assert.ok(Buffer.compare(uploadKey('b', 'a', 'zzz'), uploadKey('b', 'a/', '000')) < 0);
});

test('placement is a pure, stable function of the name and the set count', () => {
  assert.equal(setIndexOf('b', 'k', 1), 0);
  const first = setIndexOf('bucket', 'some/key', 16);
  assert.equal(setIndexOf('bucket', 'some/key', 16), first);
  assert.ok(first >= 0 && first < 16);
  const seen = new Set(Array.from({ length: 200 }, (_, i) => setIndexOf('b', `k${i}`, 4)));
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3]);
});
