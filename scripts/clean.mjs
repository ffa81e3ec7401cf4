// Empties the build outputs before a build, so that a file deleted or moved
// from the sources (a test, a test helper) does not live on in dist/ and get
// shipped or run from a stale copy.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const dir of ['dist', 'dist-test']) rmSync(join(root, dir), { recursive: true, force: true });
