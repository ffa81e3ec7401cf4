// The conformance suites test seams, not implementations: outside the
// factory files (where stores and drives are built), a conformance file
// reaches storage only through storage/index.ts, and the Drive suite's
// harness also through the Drive seam itself. So a store or drive is
// changed or added by touching its factory alone.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve('test/conformance');
const STORAGE = resolve('src/storage');
const SEAM_IMPORTS: Record<string, readonly string[]> = {
  'drive/harness.ts': ['drive/Drive.ts', 'io/errors.ts'],
};

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tsFiles(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const isFactory = (file: string): boolean => file.split(sep).includes('factories');

test('conformance files outside factories/ import storage only through its index (and the Drive seam)', () => {
  const checked = tsFiles(ROOT).filter((f) => !isFactory(f));
  assert.ok(
    checked.some((f) => f.endsWith(join('suite', 'objects.ts'))) && checked.some((f) => f.endsWith(join('drive', 'roundTrip.ts'))),
    'the suites are found',
  );
  for (const file of checked) {
    const name = relative(ROOT, file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)) {
      const target = resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'));
      if (!target.startsWith(STORAGE + sep)) continue;
      const inStorage = relative(STORAGE, target);
      assert.ok(
        inStorage === 'index.ts' || (SEAM_IMPORTS[name] ?? []).includes(inStorage),
        `${name} imports storage/${inStorage}: build stores and drives in a factory file`,
      );
    }
  }
});
