// Root credentials: from the environment or flags, else generated on first
// start and kept in the data directory (mode 0600) so restarts keep them.
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RootCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const CREDENTIALS_FILE = join('.lode', 'root-credentials.json');

/** Base32-ish upper-case id like AWS access keys, and a 40-character secret. */
function generate(): RootCredentials {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const idBytes = randomBytes(16);
  let id = 'LODE';
  for (const byte of idBytes) id += alphabet[byte & 31];
  const secret = randomBytes(30)
    .toString('base64')
    .replace(/[+/]/g, (c) => (c === '+' ? 'x' : 'y'));
  return { accessKeyId: id, secretAccessKey: secret };
}

/**
 * `dataDirs`: every drive of the node. The generated keys are kept on each
 * drive, so that losing one drive does not lose them; a drive without the
 * file (a replacement) gets a copy.
 */
export async function resolveRootCredentials(
  dataDirs: readonly string[],
  configured: { rootUser?: string; rootPassword?: string },
): Promise<{ credentials: RootCredentials; generated: boolean; path: string }> {
  const paths = dataDirs.map((dir) => join(dir, CREDENTIALS_FILE));
  const first = paths[0]!;
  if (configured.rootUser !== undefined && configured.rootPassword !== undefined) {
    return { credentials: { accessKeyId: configured.rootUser, secretAccessKey: configured.rootPassword }, generated: false, path: first };
  }
  let found: { credentials: RootCredentials; path: string } | undefined;
  const without: string[] = [];
  for (const path of paths) {
    try {
      const stored = JSON.parse(await readFile(path, 'utf8')) as Partial<RootCredentials>;
      if (typeof stored.accessKeyId !== 'string' || typeof stored.secretAccessKey !== 'string') {
        throw new Error(`${path} is damaged: delete it to generate new root credentials, or set LODE_ROOT_USER and LODE_ROOT_PASSWORD`);
      }
      found ??= { credentials: { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey }, path };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') without.push(path);
      else if (code === undefined || dataDirs.length === 1) throw err;
      // An unreadable drive among several: the others hold the keys.
    }
  }
  const credentials = found?.credentials ?? generate();
  for (const path of without) {
    try {
      await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      await chmod(path, 0o600);
    } catch (err) {
      if (dataDirs.length === 1) throw err;
    }
  }
  return { credentials, generated: found === undefined, path: found?.path ?? first };
}
