// Runs every compiled test file (dist/**/*.test.js) with node's test runner.
// Node 20's --test takes file paths, not globs, so the list is built here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const filter = process.argv[2];
const files = [...find('dist/src'), ...find('dist/test')].filter((f) => filter === undefined || f.includes(filter)).sort();
if (files.length === 0) {
  console.error('no test files found under dist/: did the build run?');
  process.exit(1);
}
// One runner invocation, so one summary; files run two at a time (2 cores).
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
