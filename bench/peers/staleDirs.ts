// Temporary directories of runs that died without cleaning up (Ctrl-C,
// kill -9: their daemons die with them, their files stay, and a Ceph block
// file can hold gigabytes). Each directory names its owner process; a later
// run removes those whose owner is gone, and never one of a run still alive
// (two benchmarks may share the machine).
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DIR_PREFIX = 'lode-bench-';
const OWNER_FILE = '.lode-bench-owner';

/** Identity of a process that survives pid reuse: pid plus its start time in /proc. */
function identity(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return startTime === undefined ? undefined : `${pid} ${startTime}`;
  } catch {
    return undefined;
  }
}

export function markOwner(dir: string): void {
  writeFileSync(join(dir, OWNER_FILE), identity(process.pid) ?? `${process.pid} ?`);
}

const swept = new Set<string>();

/** Once per process and temp root: removes directories whose owner has exited. */
export function sweepStaleDirs(root: string): void {
  if (swept.has(root)) return;
  swept.add(root);
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    let owner: string;
    try {
      owner = readFileSync(join(root, name, OWNER_FILE), 'utf8').trim();
    } catch {
      continue; // not ours, or being created: leave it
    }
    const pid = Number(owner.split(' ')[0]);
    if (!Number.isInteger(pid) || identity(pid) === owner) continue;
    try {
      rmSync(join(root, name), { recursive: true, force: true });
    } catch {
      // best effort: a stale directory is litter, not a failure of this run
    }
  }
}
