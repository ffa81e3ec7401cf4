// Processes of the peers: commands run to completion with a time limit,
// daemons that die with the benchmark, process trees read from /proc (for the
// RSS/CPU sampler and for a stop that leaves no worker behind).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readdirSync, readFileSync } from 'node:fs';

export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** How a command past its time is ended (SIGKILL unless it must clean up, as apt-get). */
  killSignal?: NodeJS.Signals;
}

export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/** Runs a command to its end; rejects with the tail of its output when it fails, times out or is aborted. */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolveRun, rejectRun) => {
    execFile(
      command,
      args,
      {
        timeout: options.timeoutMs,
        killSignal: options.killSignal ?? 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: options.env ?? process.env,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
      },
      (err, stdout, stderr) => {
        if (err === null) {
          resolveRun({ stdout, stderr });
          return;
        }
        const output = `${stderr}\n${stdout}`.trim();
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
        const why =
          e.code === 'ENOENT'
            ? 'not found'
            : e.name === 'AbortError'
              ? 'aborted'
              : e.killed === true
                ? `timed out after ${Math.round(options.timeoutMs / 1000)} s`
                : `exit ${String(e.code)}`;
        rejectRun(
          new CommandError(`'${[command, ...args].join(' ')}' failed (${why})${output !== '' ? `: ${lastLines(output, 6)}` : ''}`, output),
        );
      },
    );
  });
}

export interface Daemon {
  name: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  /** Set once the process has exited. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Why it could not be started at all (command not found). */
  spawnError?: string;
  exited: Promise<void>;
}

// setpriv --pdeathsig makes the kernel kill a daemon when the benchmark dies
// by any means (even SIGKILL), so a crashed run leaves no Ceph cluster behind.
// setpriv execs the command: the pid we hold is the daemon's own.
const SETPRIV = '/usr/bin/setpriv';
const hasSetpriv = ((): boolean => {
  try {
    accessSync(SETPRIV, constants.X_OK);
    return true;
  } catch {
    return false;
  }
})();

/** Starts a long-running process with stdout and stderr appended to logFile (never through our event loop). */
export function spawnDaemon(
  name: string,
  command: string,
  args: readonly string[],
  options: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
): Daemon {
  const fd = openSync(options.logFile, 'a');
  const [file, argv] = hasSetpriv ? [SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, [...args]];
  let child: ChildProcess;
  try {
    child = spawn(file, argv, {
      stdio: ['ignore', fd, fd],
      env: options.env ?? process.env,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    });
  } finally {
    closeSync(fd); // the child holds its own copy
  }
  // A benchmark that ends without stopping its peers must not hang on them:
  // it exits, and the 'exit' hook of scope.ts kills them.
  child.unref();
  const daemon: Daemon = {
    name,
    pid: child.pid ?? -1,
    child,
    logFile: options.logFile,
    exit: undefined,
    exited: new Promise<void>((resolveExit) => {
      child.once('exit', (code, signal) => {
        daemon.exit = { code, signal };
        resolveExit();
      });
      child.once('error', (err) => {
        // spawn failures (ENOENT) arrive here, not as an exit
        daemon.exit = { code: -1, signal: null };
        daemon.spawnError = err.message;
        resolveExit();
      });
    }),
  };
  return daemon;
}

/** The last lines of a daemon's log, for a failure reason. */
export function logTail(file: string, lines = 8): string {
  try {
    return lastLines(readFileSync(file, 'utf8'), lines);
  } catch {
    return '';
  }
}

export function lastLines(text: string, lines: number): string {
  return text
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-lines)
    .join(' | ')
    .slice(-1500);
}

/** Whether a process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

function readStat(pid: number): { ppid: number; state: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name is in parentheses and may hold spaces: parse after the last ')'
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** The process and all its live descendants (lode's cluster workers, nginx's workers). */
export function processTree(rootPid: number): number[] {
  if (!isAlive(rootPid)) return [];
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat === undefined || stat.state === 'Z') continue;
    const list = children.get(stat.ppid);
    if (list === undefined) children.set(stat.ppid, [pid]);
    else list.push(pid);
  }
  const out: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** SIGTERM, then after graceMs SIGKILL to whatever of the tree is still alive. */
export async function stopDaemon(daemon: Daemon, graceMs: number): Promise<void> {
  if (daemon.exit !== undefined) return;
  const tree = processTree(daemon.pid);
  signal(daemon.pid, 'SIGTERM');
  await exitedWithin(daemon, graceMs);
  for (const pid of [daemon.pid, ...tree]) if (isAlive(pid)) signal(pid, 'SIGKILL');
  await exitedWithin(daemon, 2_000);
}

/** Waits for the daemon's exit, at most ms. The timer is ref'd: the daemon itself is not (see spawnDaemon). */
async function exitedWithin(daemon: Daemon, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([daemon.exited, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Kills a daemon's tree at once, synchronously: for the process 'exit' hook. */
export function killTreeNow(pid: number): void {
  for (const p of processTree(pid)) signal(p, 'SIGKILL');
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
