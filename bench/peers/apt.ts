// Installs the Debian packages of a peer when its programs are missing: only
// what is missing, quietly, without recommends, waiting for a dpkg lock held
// by another install rather than failing on it.
import { isExecutable } from './proc.js';
import type { PeerScope } from './scope.js';

export interface Requirement {
  /** The Debian package that provides the program. */
  pkg: string;
  /** Absolute path of the program the peer runs. */
  program: string;
}

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', NEEDRESTART_MODE: 'l' };

/** Returns what was installed ([] when everything was present); throws with a person-readable reason otherwise. */
export async function ensurePackages(scope: PeerScope, requirements: readonly Requirement[], timeoutMs: number): Promise<string[]> {
  const missing = [...new Set(requirements.filter((r) => !isExecutable(r.program)).map((r) => r.pkg))];
  if (missing.length === 0) return [];
  const manual = `apt-get install ${missing.join(' ')}`;
  if (!isExecutable('/usr/bin/apt-get'))
    throw new Error(`${missing.join(', ')} not installed and this is not a Debian-like system (no apt-get): install them (${manual})`);
  if (process.getuid?.() !== 0) throw new Error(`${missing.join(', ')} not installed, and installing needs root: run '${manual}' as root`);
  scope.step = `installing ${missing.join(' ')} with apt-get`;
  // The peer's time limit (timeoutMs, set by its caller) kills apt-get sooner if it hits.
  const install = (): Promise<unknown> =>
    scope.run('apt-get', ['install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=120', ...missing], {
      timeoutMs,
      env: APT_ENV,
      killSignal: 'SIGTERM',
    });
  try {
    await install();
  } catch (err) {
    // Package lists never fetched (fresh containers) or stale: refresh once and retry.
    const text = err instanceof Error ? err.message : String(err);
    if (!/Unable to locate package|has no installation candidate|Failed to fetch|404\s+Not Found/i.test(text)) throw err;
    scope.step = 'apt-get update';
    await scope.run('apt-get', ['update', '-q'], { timeoutMs, env: APT_ENV, killSignal: 'SIGTERM' });
    scope.step = `installing ${missing.join(' ')} with apt-get`;
    await install();
  }
  const still = requirements.filter((r) => !isExecutable(r.program));
  if (still.length > 0)
    throw new Error(`apt-get installed ${missing.join(' ')} but ${still.map((r) => r.program).join(', ')} is still missing`);
  return missing;
}
