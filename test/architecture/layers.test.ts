// The rules of the house are checked on the real tree by dependency-cruiser
// in `npm run lint` (.dependency-cruiser.cjs). This file checks the checker:
// on a small tree that breaks every rule once (and keeps a few allowed
// imports), each rule must report exactly its own breaks and nothing else;
// and every folder under src/storage/ must have its layer rule, so that a new
// folder cannot slip past the sub-layer rules unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve('.');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const CLI = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Rule {
  name: string;
  from: { path?: string };
}
const config = createRequire(import.meta.url)(CONFIG) as { forbidden: Rule[] };

/** One import in the fixture tree: `file` imports `target`; `rules` are the rules that must report it (none: allowed). */
interface Case {
  file: string;
  target: string;
  rules: string[];
}

// Files are src-relative; a target without a slash is a module name.
const CASES: Case[] = [
  { file: 'util/case.ts', target: 'config/target.ts', rules: ['util-is-a-leaf'] },
  { file: 'storage/engine/upward.ts', target: 's3/target.ts', rules: ['storage-stays-below'] },
  { file: 'storage/drive/http.ts', target: 'node:http', rules: ['storage-no-http-or-xml'] },
  { file: 'storage/meta/xml.ts', target: 'fast-xml-parser', rules: ['storage-no-http-or-xml'] },
  { file: 's3/deep.ts', target: 'storage/engine/target.ts', rules: ['storage-through-index'] },
  { file: 'iam/case.ts', target: 'node:fs', rules: ['iam-no-io'] },
  { file: 'storage/erasure/surface.ts', target: 'storage/index.ts', rules: ['storage-inside-not-through-index'] },
  { file: 'storage/ObjectStore.ts', target: 'storage/engine/target.ts', rules: ['storage-seams-are-leaves'] },
  { file: 'storage/engine/erasure.ts', target: 'storage/erasure/target.ts', rules: ['storage-engine-layer'] },
  { file: 'storage/engine/open.ts', target: 'storage/open/target.ts', rules: ['storage-engine-layer'] },
  { file: 'storage/erasure/engine.ts', target: 'storage/engine/target.ts', rules: ['storage-erasure-layer'] },
  { file: 'storage/erasure/open.ts', target: 'storage/open/target.ts', rules: ['storage-erasure-layer'] },
  { file: 'storage/bitrot/meta.ts', target: 'storage/meta/target.ts', rules: ['storage-bitrot-layer'] },
  { file: 'storage/drive/meta.ts', target: 'storage/meta/target.ts', rules: ['storage-drive-layer'] },
  { file: 'storage/drive/bitrot.ts', target: 'storage/bitrot/target.ts', rules: ['storage-drive-layer'] },
  { file: 'storage/meta/drive.ts', target: 'storage/drive/target.ts', rules: ['storage-meta-layer'] },
  { file: 'storage/layout/engine.ts', target: 'storage/engine/target.ts', rules: ['storage-layout-layer'] },
  { file: 'storage/records/drive.ts', target: 'storage/drive/target.ts', rules: ['storage-records-leaf'] },
  { file: 'storage/layout/meta.ts', target: 'storage/meta/target.ts', rules: ['storage-layout-layer'] },
  { file: 'storage/io/drive.ts', target: 'storage/drive/target.ts', rules: ['storage-io-leaf'] },
  { file: 's3/cycleA.ts', target: 's3/cycleB.ts', rules: ['no-circular'] },
  { file: 's3/cycleB.ts', target: 's3/cycleA.ts', rules: ['no-circular'] },
  // Allowed: each layer's own arrows, and the way in from outside.
  { file: 'storage/open/assembly.ts', target: 'storage/engine/target.ts', rules: [] },
  { file: 'storage/engine/meta.ts', target: 'storage/meta/target.ts', rules: [] },
  { file: 'storage/engine/records.ts', target: 'storage/records/target.ts', rules: [] },
  { file: 'storage/erasure/bitrot.ts', target: 'storage/bitrot/target.ts', rules: [] },
  { file: 'storage/bitrot/drive.ts', target: 'storage/drive/target.ts', rules: [] },
  { file: 'storage/drive/records.ts', target: 'storage/records/target.ts', rules: [] },
  { file: 'storage/meta/seam.ts', target: 'storage/StoreError.ts', rules: [] },
  { file: 'storage/layout/drive.ts', target: 'storage/drive/target.ts', rules: [] },
  { file: 'storage/engine/io.ts', target: 'storage/io/target.ts', rules: [] },
  { file: 'storage/bitrot/io.ts', target: 'storage/io/target.ts', rules: [] },
  { file: 'storage/erasure/util.ts', target: 'util/target.ts', rules: [] },
  { file: 's3/surface.ts', target: 'storage/index.ts', rules: [] },
  { file: 'iam/pure.ts', target: 'node:crypto', rules: [] },
];

/** Writes the fixture tree and returns its root; every importer and target exists. */
function writeFixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'lode-layers-'));
  const imports = new Map<string, string[]>();
  for (const { file, target } of CASES) {
    const spec = target.includes('/') ? relativeSpec(file, target) : target;
    imports.set(file, [...(imports.get(file) ?? []), spec]);
    if (target.includes('/') && !imports.has(target)) imports.set(target, []);
  }
  for (const [file, specs] of imports) {
    const path = join(root, 'src', file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${specs.map((s) => `import '${s}';\n`).join('')}export {};\n`);
  }
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  );
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

function relativeSpec(from: string, to: string): string {
  const spec = relative(dirname(from), to).replace(/\.ts$/, '.js');
  return spec.startsWith('.') ? spec : `./${spec}`;
}

const CYCLE = 'no-circular';

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Runs dependency-cruiser with the project's configuration over `root`/src, as `npm run lint:deps` does. */
function cruise(root: string): { violations: Violation[]; modules: number } {
  const run = spawnSync(process.execPath, [CLI, 'src', '--config', CONFIG, '--output-type', 'json'], { cwd: root, encoding: 'utf8' });
  assert.ok(run.stdout.length > 0, `dependency-cruiser printed nothing: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: result.summary.violations, modules: result.summary.totalCruised };
}

test('each boundary rule reports the imports that break it, and only those', () => {
  const root = writeFixture();
  try {
    const { violations, modules } = cruise(root);
    assert.ok(modules >= CASES.length, `the fixture was cruised (${modules} modules)`);
    // A cycle is reported once, on whichever of its imports the walk met first: judged per cycle, not per file.
    const perFile = (names: string[]): string[] => [...new Set(names.filter((n) => n !== CYCLE))].sort();
    for (const { file, rules } of CASES) {
      const found = violations.filter((v) => v.from === `src/${file}`).map((v) => v.rule.name);
      assert.deepEqual(perFile(found), perFile(rules), `src/${file}`);
    }
    const inCycle = new Set(CASES.filter((c) => c.rules.includes(CYCLE)).map((c) => `src/${c.file}`));
    const cycles = violations.filter((v) => v.rule.name === CYCLE);
    assert.ok(cycles.length > 0 && cycles.every((v) => inCycle.has(v.from)), `the cycle is reported: ${JSON.stringify(cycles)}`);
    const fixtureFiles = new Set(CASES.map((c) => `src/${c.file}`));
    const stray = violations.filter((v) => !fixtureFiles.has(v.from));
    assert.deepEqual(stray, [], 'no violation outside the cases');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('every rule in the configuration has a case that breaks it', () => {
  const covered = new Set(CASES.flatMap((c) => c.rules));
  for (const rule of config.forbidden) assert.ok(covered.has(rule.name), `no fixture case for ${rule.name}`);
});

// open/ is the assembly and may import all of storage, so it alone needs no layer rule.
const MAY_IMPORT_ALL_OF_STORAGE = ['open'];

test('every folder under src/storage/ has its layer rule', () => {
  const folders = readdirSync(join(ROOT, 'src', 'storage'), { withFileTypes: true }).filter((e) => e.isDirectory());
  assert.ok(folders.length >= 5, 'found the storage folders');
  const layered = new Set(config.forbidden.map((r) => /^\^src\/storage\/\((\w+)\)\/$/.exec(r.from.path ?? '')?.[1]));
  for (const { name } of folders) {
    assert.ok(
      layered.has(name) || MAY_IMPORT_ALL_OF_STORAGE.includes(name),
      `src/storage/${name}/ has no layer rule in .dependency-cruiser.cjs`,
    );
  }
});
