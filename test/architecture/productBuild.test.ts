// The product build (tsconfig.build.json → dist/) holds the product only:
// no test file, and nothing from test/ or bench/ pulled in by an import from
// src/. Tests and their helpers are compiled to dist-test/ (tsconfig.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const DIST = resolve('dist');

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else out.push(relative(DIST, path));
  }
  return out;
}

test('dist/ holds only the compiled src/ (nothing from test/ or bench/)', () => {
  assert.deepEqual(readdirSync(DIST), ['src']);
});

test('dist/src holds no test files', () => {
  const built = files(join(DIST, 'src'));
  assert.ok(built.includes('src/main.js'), 'the product build ran');
  assert.deepEqual(
    built.filter((f) => /\.(test|fixtures)\.js(\.map)?$/.test(f)),
    [],
  );
});
