// The primary's watch over its workers. A worker that fails is gone and
// replaced within seconds, always:
// - a worker that reports a fatal error, or whose IPC channel closes, and is
//   still alive `fatalExitGraceMs` later is SIGKILLed (a process can hang in
//   exit: lmdb-js joins its write threads, which may wait for a JS callback
//   that will never run);
// - a worker that does not answer a heartbeat for `heartbeatTimeoutMs`
//   (event loop blocked, or stuck) is SIGKILLed;
// - each exit is logged with a running count and replaced, after a short
//   back-off when workers die in quick succession (a crash loop must not
//   spin the CPU or flood the log).
// The index is crash-safe, so SIGKILL loses nothing acknowledged.
import type { Worker } from 'node:cluster';
import { isHealthReport, type PrimaryMessage, type SupervisionStats } from './protocol.js';

const HEARTBEAT_INTERVAL_MS = 1000;
/** Restarts closer together than this count toward the crash-loop back-off. */
const CRASH_LOOP_WINDOW_MS = 10_000;
const MAX_RESTART_DELAY_MS = 5000;

export interface SupervisorOptions {
  workers: number;
  heartbeatTimeoutMs: number;
  fatalExitGraceMs: number;
  /** Forks one worker (the caller wires its own messages). */
  fork: () => Worker;
  /** Where the primary's one-line notices go (stderr). */
  notice: (line: string) => void;
  now?: () => number;
}

interface Watched {
  worker: Worker;
  lastPongMs: number;
  /** Heartbeats start once the worker serves: opening a large store may take a while. */
  serving: boolean;
  killTimer?: NodeJS.Timeout;
  /** Why we killed it, if we did: said in the exit line. */
  killedBecause?: string;
}

export class WorkerSupervisor {
  private readonly watched = new Map<Worker, Watched>();
  private readonly stats: SupervisionStats;
  private recentRestarts: number[] = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private seq = 0;
  private stopping = false;
  private readonly now: () => number;

  constructor(private readonly options: SupervisorOptions) {
    this.now = options.now ?? Date.now;
    this.stats = { workers: options.workers, workerRestarts: 0, startedAt: new Date(this.now()).toISOString() };
  }

  start(): void {
    for (let i = 0; i < this.options.workers; i++) this.spawn();
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  /** The worker listens and serves: from now on it must answer heartbeats. */
  markServing(worker: Worker): void {
    const w = this.watched.get(worker);
    if (w === undefined) return;
    w.serving = true;
    w.lastPongMs = this.now();
    this.send(worker, { type: 'supervision', stats: this.stats });
  }

  get size(): number {
    return this.watched.size;
  }

  workersAlive(): Worker[] {
    return [...this.watched.keys()];
  }

  /** Shutting down: exits are no longer replaced. */
  stop(): void {
    this.stopping = true;
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
  }

  private spawn(): void {
    const worker = this.options.fork();
    const watched: Watched = { worker, lastPongMs: this.now(), serving: false };
    this.watched.set(worker, watched);
    worker.on('message', (msg: unknown) => {
      if (!isHealthReport(msg)) return;
      if (msg.type === 'pong') watched.lastPongMs = this.now();
      else this.killLater(watched, `it did not exit within ${this.options.fatalExitGraceMs / 1000} s of a fatal error (${msg.reason})`);
    });
    // The IPC channel closes as a worker exits; one that closed it but lives on is stuck in exit.
    worker.on('disconnect', () =>
      this.killLater(watched, `it did not exit within ${this.options.fatalExitGraceMs / 1000} s of closing its channel`),
    );
    worker.on('exit', (code: number | null, signal: string | null) => this.exited(watched, code, signal));
  }

  private killLater(watched: Watched, reason: string): void {
    if (watched.killTimer !== undefined) return;
    watched.killTimer = setTimeout(() => this.kill(watched, reason), this.options.fatalExitGraceMs);
    watched.killTimer.unref();
  }

  private kill(watched: Watched, reason: string): void {
    const { worker } = watched;
    if (worker.process.exitCode !== null || worker.process.signalCode !== null) return;
    watched.killedBecause = reason;
    this.options.notice(`lode: worker ${worker.process.pid} did not answer or exit: killing it (SIGKILL) because ${reason}`);
    worker.process.kill('SIGKILL');
  }

  private beat(): void {
    const now = this.now();
    this.seq++;
    for (const watched of this.watched.values()) {
      if (!watched.serving || watched.killedBecause !== undefined) continue;
      const silentMs = now - watched.lastPongMs;
      if (silentMs > this.options.heartbeatTimeoutMs) {
        this.kill(watched, `it stopped answering heartbeats for ${(silentMs / 1000).toFixed(1)} s`);
        continue;
      }
      this.send(watched.worker, { type: 'ping', seq: this.seq });
    }
  }

  private exited(watched: Watched, code: number | null, signal: string | null): void {
    const { worker } = watched;
    if (watched.killTimer !== undefined) clearTimeout(watched.killTimer);
    this.watched.delete(worker);
    if (this.stopping) return;
    const pid = worker.process.pid ?? 0;
    const how = `${signal ?? code}${watched.killedBecause !== undefined ? ', killed' : ''}`;
    this.stats.workerRestarts++;
    this.stats.lastRestart = { pid, reason: `exited (${how})`, at: new Date(this.now()).toISOString() };
    const now = this.now();
    this.recentRestarts = [...this.recentRestarts.filter((t) => now - t < CRASH_LOOP_WINDOW_MS), now];
    // Twice the delay for each restart past the second in the window: 0, 0, 250 ms, 500 ms, … 5 s.
    const burst = this.recentRestarts.length - 2;
    const delayMs = burst <= 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 125 * 2 ** burst);
    this.options.notice(
      `lode: worker ${pid} exited (${how}); starting another${delayMs > 0 ? ` in ${delayMs} ms` : ''} (${this.stats.workerRestarts} worker restart${this.stats.workerRestarts === 1 ? '' : 's'} since start)`,
    );
    const restart = (): void => {
      if (this.stopping) return;
      this.spawn();
      for (const w of this.watched.values()) if (w.serving) this.send(w.worker, { type: 'supervision', stats: this.stats });
    };
    if (delayMs === 0) restart();
    else setTimeout(restart, delayMs).unref();
  }

  private send(worker: Worker, msg: PrimaryMessage): void {
    if (!worker.isConnected()) return;
    try {
      worker.send(msg, (err: Error | null) => void err); // a worker that just died cannot take it: nothing to do
    } catch {
      // the channel closed between the check and the send
    }
  }
}
