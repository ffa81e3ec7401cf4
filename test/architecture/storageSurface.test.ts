// storage/index.ts shows the seams and the assembly, never a concrete class
// whose insides a caller could start to depend on (DESIGN.md, "The central
// seam"). The import rules themselves live in .dependency-cruiser.cjs
// (npm run lint), tested in layers.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

test('storage/index.ts exports no concrete engine, store, drive or index class', () => {
  const text = readFileSync(resolve('src', 'storage', 'index.ts'), 'utf8');
  assert.match(text, /createObjectStore/, 'the file read is the storage surface');
  for (const name of [
    'Engine',
    'ErasureStore',
    'MultiSetStore',
    'LocalDrive',
    'BitrotDrive',
    'ErasureSetDrive',
    'LmdbIndex',
    'ReplicatedIndex',
  ]) {
    assert.doesNotMatch(text, new RegExp(`\\b${name}\\b`), `storage/index.ts exports ${name}`);
  }
});
