// Root credentials: from the environment or flags, else generated on first
// start and kept in the data directory (mode 0600) so restarts keep them.
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RootCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const CREDENTIALS_FILE = join('.lode', 'root-credentials.json');

/** Base32-ish upper-case id like AWS access keys, and a 40-character secret. */
function generate(): RootCredentials {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const idBytes = randomBytes(16);
  let id = 'LODE';
  for (const byte of idBytes) id += alphabet[byte & 31];
  const secret = randomBytes(30).toString('base64').replace(/[+/]/g, (c) => (c === '+' ? 'x' : 'y'));
  return { accessKeyId: id, secretAccessKey: secret };
}

export async function resolveRootCredentials(
  dataDir: string,
  configured: { rootUser?: string; rootPassword?: string },
): Promise<{ credentials: RootCredentials; generated: boolean; path: string }> {
  const path = join(dataDir, CREDENTIALS_FILE);
  if (configured.rootUser !== undefined && configured.rootPassword !== undefined) {
    return { credentials: { accessKeyId: configured.rootUser, secretAccessKey: configured.rootPassword }, generated: false, path };
  }
  try {
    const stored = JSON.parse(await readFile(path, 'utf8')) as Partial<RootCredentials>;
    if (typeof stored.accessKeyId === 'string' && typeof stored.secretAccessKey === 'string') {
      return { credentials: { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey }, generated: false, path };
    }
    throw new Error(`${path} is damaged: delete it to generate new root credentials, or set LODE_ROOT_USER and LODE_ROOT_PASSWORD`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const credentials = generate();
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return { credentials, generated: true, path };
}
