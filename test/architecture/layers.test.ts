// The rules of the house from DESIGN.md, checked on every import in src/:
// arrows point down, storage is reached only through storage/index.ts, and
// there are no import cycles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve('src');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Relative imports of a file, resolved to src-relative .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
    const spec = m[1] ?? m[2];
    if (spec === undefined) continue;
    found.push(relative(SRC, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))));
  }
  return found;
}

const files = sourceFiles(SRC).map((f) => relative(SRC, f));
const graph = new Map(files.map((f) => [f, importsOf(join(SRC, f))]));
const top = (path: string): string => path.split('/')[0] ?? path;

test('util/ imports nothing from the rest of src/', () => {
  for (const [file, deps] of graph) {
    if (top(file) !== 'util') continue;
    for (const dep of deps) assert.equal(top(dep), 'util', `${file} imports ${dep}`);
  }
});

test('storage/ never imports s3/, iam/, admin/ or HTTP', () => {
  for (const [file, deps] of graph) {
    if (top(file) !== 'storage') continue;
    for (const dep of deps) assert.ok(['storage', 'util'].includes(top(dep)), `${file} imports ${dep}`);
    assert.doesNotMatch(readFileSync(join(SRC, file), 'utf8'), /from 'node:http'/, `${file} imports node:http`);
  }
});

test('everything outside storage/ reaches it only through storage/index.ts', () => {
  for (const [file, deps] of graph) {
    if (top(file) === 'storage') continue;
    for (const dep of deps) {
      if (top(dep) !== 'storage') continue;
      assert.equal(dep, 'storage/index.ts', `${file} imports ${dep}`);
    }
  }
});

test('iam/ does no I/O', () => {
  for (const file of files.filter((f) => top(f) === 'iam')) {
    assert.doesNotMatch(readFileSync(join(SRC, file), 'utf8'), /from 'node:(fs|net|http|https|child_process)/, file);
  }
});

test('no import cycles', () => {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    assert.notEqual(state.get(file), 'visiting', `cycle: ${[...path, file].join(' → ')}`);
    state.set(file, 'visiting');
    for (const dep of graph.get(file) ?? []) if (graph.has(dep)) visit(dep, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  assert.ok(files.length > 50, 'the walk found the source tree');
});
