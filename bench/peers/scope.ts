// What one peer holds while it runs (daemons, temporary directories) and the
// rules of starting one: a time limit, a clear reason on failure, and nothing
// left behind: not on failure, not on timeout, not when the benchmark exits.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killTreeNow, logTail, runCommand, spawnDaemon, stopDaemon, type Daemon, type RunOptions } from './proc.js';
import { DIR_PREFIX, markOwner, sweepStaleDirs } from './staleDirs.js';
import type { PeerResult, RunningTarget } from './types.js';

// Every live scope, so that a benchmark that exits without stopping its peers
// (an exception, process.exit) still kills them and removes their files.
const liveScopes = new Set<PeerScope>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const scope of liveScopes) scope.cleanupNow();
  });
}

class StartTimeout extends Error {
  override readonly name = 'StartTimeout';
}

export class PeerScope {
  private readonly daemons: Daemon[] = [];
  private readonly dirs: string[] = [];
  private closed = false;
  private currentStep = 'starting';
  private readonly createdMs = Date.now();

  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  /** Aborted at the time limit (commands in flight are killed) or when the start fails. */
  readonly signal: AbortSignal = this.controller.signal;

  constructor(readonly name: string) {
    installExitHook();
    liveScopes.add(this);
  }

  /**
   * From now on the start must finish within timeoutMs (replacing any earlier
   * limit: a peer gives its package install one budget and its start another).
   */
  limit(timeoutMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => this.controller.abort(new StartTimeout(`timed out after ${Math.round(timeoutMs / 1000)} s while ${this.step}`)),
      timeoutMs,
    );
  }

  /** Ends the time limit (the start succeeded) or aborts what is in flight (it failed). */
  settle(failed: boolean): void {
    clearTimeout(this.timer);
    if (failed && !this.signal.aborted) this.controller.abort(new Error('start failed'));
  }

  /** The timeout's reason when the limit was hit. */
  timedOut(): string | undefined {
    return this.signal.reason instanceof StartTimeout ? this.signal.reason.message : undefined;
  }

  /** What the start is doing now, for a timeout's reason (and, with LODE_PEERS_DEBUG=1, a timeline on stderr). */
  get step(): string {
    return this.currentStep;
  }
  set step(what: string) {
    if (process.env['LODE_PEERS_DEBUG'] === '1' && what.split(' (')[0] !== this.currentStep.split(' (')[0]) {
      process.stderr.write(`[${this.name} +${((Date.now() - this.createdMs) / 1000).toFixed(1)} s] ${what}\n`);
    }
    this.currentStep = what;
  }

  /** A fresh directory lode-bench-<label>-XXXXXX under the system temp dir, removed by cleanup(). */
  async tempDir(label: string): Promise<string> {
    this.throwIfAborted();
    sweepStaleDirs(tmpdir());
    const dir = await mkdtemp(join(tmpdir(), `${DIR_PREFIX}${label}-`));
    this.dirs.push(dir);
    markOwner(dir);
    // mkdtemp makes it 0700; daemons that drop privileges (nginx workers) must reach inside
    await chmod(dir, 0o755);
    if (this.closed) await rm(dir, { recursive: true, force: true });
    this.throwIfAborted();
    return dir;
  }

  daemon(
    name: string,
    command: string,
    args: readonly string[],
    options: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
  ): Daemon {
    this.throwIfAborted();
    const d = spawnDaemon(name, command, args, options);
    this.daemons.push(d);
    return d;
  }

  /** Runs a command to completion, within the time left to this start. */
  run(command: string, args: readonly string[], options: Omit<RunOptions, 'signal'>): Promise<{ stdout: string; stderr: string }> {
    this.throwIfAborted();
    return runCommand(command, args, { ...options, signal: this.signal });
  }

  /** Polls probe until it returns a value; fails early when a watched daemon exits. */
  async waitFor<T>(what: string, probe: () => Promise<T | undefined>, watch: readonly Daemon[], intervalMs = 200): Promise<T> {
    this.step = what;
    for (;;) {
      this.throwIfAborted();
      for (const d of watch) {
        if (d.exit !== undefined)
          throw new Error(
            `${d.name} exited (${d.spawnError ?? d.exit.signal ?? `code ${String(d.exit.code)}`}) while ${what}: ${logTail(d.logFile)}`,
          );
      }
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /** Live pids of the daemons themselves (not their descendants: see processTree). */
  pids(): number[] {
    return this.daemons.filter((d) => d.exit === undefined && d.pid > 0).map((d) => d.pid);
  }

  throwIfAborted(): void {
    if (this.signal.aborted) throw this.signal.reason instanceof Error ? this.signal.reason : new Error(String(this.signal.reason));
  }

  /** Stops the daemons, last started first, then removes the directories. */
  async cleanup(): Promise<void> {
    this.closed = true;
    for (const d of [...this.daemons].reverse()) await stopDaemon(d, 5_000);
    for (const dir of this.dirs) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    liveScopes.delete(this);
  }

  /** Synchronous last resort, for process 'exit'. */
  cleanupNow(): void {
    this.closed = true;
    for (const d of this.daemons) if (d.exit === undefined && d.pid > 0) killTreeNow(d.pid);
    for (const dir of this.dirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // a daemon may still be writing; nothing more can be done at exit
      }
    }
  }
}

/**
 * Runs start() within timeoutMs (which start may replace with scope.limit()).
 * On success the target's stop() releases the scope; on failure or timeout
 * everything started so far is stopped and removed, and the reason is
 * returned, never thrown.
 */
export async function startPeer(
  name: string,
  timeoutMs: number,
  start: (scope: PeerScope) => Promise<Omit<RunningTarget, 'stop'>>,
): Promise<PeerResult> {
  const scope = new PeerScope(name);
  scope.limit(timeoutMs);
  // start() may be deep in a wait when the limit hits: do not wait for it to notice
  const aborted = new Promise<never>((_, reject) => {
    scope.signal.addEventListener(
      'abort',
      () => reject(scope.signal.reason instanceof Error ? scope.signal.reason : new Error('aborted')),
      { once: true },
    );
  });
  aborted.catch(() => undefined); // observed through the race below; never unhandled
  try {
    const target = await Promise.race([start(scope), aborted]);
    scope.settle(false);
    let stopping: Promise<void> | undefined;
    return { ok: true, target: { ...target, stop: () => (stopping ??= scope.cleanup()) } };
  } catch (err) {
    // A command killed by the time limit reports 'aborted': the timeout is the real reason.
    const reason = scope.timedOut() ?? (err instanceof Error ? err.message : String(err));
    scope.settle(true);
    await scope.cleanup();
    return { ok: false, name, reason };
  }
}
