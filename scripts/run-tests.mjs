// Runs every compiled test file (dist-test/**/*.test.js: the test build, see
// tsconfig.json; dist/ holds only the product) with node's test runner.
// Node 20's --test takes file paths, not globs, so the list is built here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

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

const { crashLines } = await import(pathToFileURL(resolve('dist-test/test/e2e/serverWatch.js')).href);

const filter = process.argv[2];
const files = [...find('dist-test/src'), ...find('dist-test/test')].filter((f) => filter === undefined || f.includes(filter)).sort();
if (files.length === 0) {
  console.error('no test files found under dist-test/: did the build run?');
  process.exit(1);
}
// Every server a test starts leaves its output here (test/e2e/serverWatch.ts),
// so that after the run one check covers the whole of `npm test`: no test
// can pass while a server crashed underneath it, even one whose own
// per-test check was skipped.
const logDir = mkdtempSync(join(tmpdir(), 'lode-test-logs-'));
// One runner invocation, so one summary; files run two at a time (2 cores).
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env: { ...process.env, LODE_TEST_LOG_DIR: logDir },
});
const crashes = crashesIn(logDir);
rmSync(logDir, { recursive: true, force: true });
if (crashes.length > 0) {
  console.error(`\nservers crashed during the run (${crashes.length} line(s)); the run fails:`);
  for (const line of crashes.slice(0, 40)) console.error(`  ${line}`);
  process.exit(1);
}
process.exit(result.status ?? 1);

/** Crash lines in the kept server logs, by the patterns the harness uses per test. */
function crashesIn(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    if (name.includes('.deaths-expected')) continue;
    const text = readFileSync(join(dir, name), 'utf8');
    const file = /^# test file: (.*)$/m.exec(text)?.[1] ?? name;
    for (const line of crashLines(text)) found.push(`${file}: ${line}`);
  }
  return found;
}
