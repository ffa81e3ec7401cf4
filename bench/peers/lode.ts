// Lode itself, as the benchmark runs it: the built CLI (`bin/lode.js server`)
// on fresh temporary directories, one drive or eight (erasure-coded), on
// 127.0.0.1 and a port the kernel picks.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processTree } from './proc.js';
import { startPeer } from './scope.js';
import type { Credentials, PeerResult } from './types.js';

// dist-test/bench/peers/lode.js → the repository root; bin/lode.js runs dist/src.
const LODE_BIN = fileURLToPath(new URL('../../../bin/lode.js', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export const LODE_CREDENTIALS: Credentials = { accessKeyId: 'lodebench', secretAccessKey: 'lodebench-secret-1', region: 'us-east-1' };

export function startLode(opts: {
  drives: 1 | 8;
  workers?: number;
  /** Another build's bin/lode.js (a baseline to compare with). */ bin?: string;
}): Promise<PeerResult> {
  const label = opts.bin === undefined ? 'lode' : `lode baseline ${opts.bin}`;
  const name = opts.drives === 1 ? `${label} (1 drive)` : `${label} (8 drives)`;
  return startPeer(name, START_TIMEOUT_MS, async (scope) => {
    const dir = await scope.tempDir(`${opts.drives}d`);
    // Lode expands the {1...8} range itself (and creates the drive directories).
    const drives = opts.drives === 1 ? [join(dir, 'data')] : [join(dir, 'disk{1...8}')];
    const args = [
      'server',
      '--address',
      '127.0.0.1:0',
      ...(opts.workers !== undefined ? ['--workers', String(opts.workers)] : []),
      ...drives,
    ];
    // A LODE_* variable of the caller's shell must not change what is measured.
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LODE_')));
    env['LODE_ROOT_USER'] = LODE_CREDENTIALS.accessKeyId;
    env['LODE_ROOT_PASSWORD'] = LODE_CREDENTIALS.secretAccessKey;
    // Profiling the server alone: LODE_BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' (cluster workers inherit execArgv).
    const nodeArgs = (process.env['LODE_BENCH_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
    const logFile = join(dir, 'lode.log');
    const lode = scope.daemon('lode', process.execPath, [...nodeArgs, opts.bin ?? LODE_BIN, ...args], { logFile, env });
    const endpoint = await scope.waitFor(
      'waiting for "S3 API on http://..." from lode',
      async () => {
        const m = /S3 API on (http:\/\/127\.0\.0\.1:\d+)/.exec(await readFile(logFile, 'utf8'));
        return m?.[1];
      },
      [lode],
      100,
    );
    return { name, kind: 's3', endpoint, credentials: LODE_CREDENTIALS, pids: () => processTree(lode.pid) };
  });
}
