// The worker's side of supervision:
// - answers the primary's heartbeats from its event loop (a blocked loop
//   stops answering and is killed);
// - on an uncaught exception or unhandled rejection: logs it with its stack
//   (a bug to fix: correctness never relies on this net), tells the primary
//   it is dying, and exits; the primary SIGKILLs it if exit hangs;
// - never outlives its primary: when the IPC channel closes (the primary
//   died, even by SIGKILL), it stops listening, gives in-flight requests a
//   moment and then kills itself; SIGKILL rather than process.exit(), which
//   can hang joining the index's write threads, with nobody left to kill it.
import { isPrimaryMessage, type SupervisionStats, type WorkerHealthReport } from './protocol.js';

const ORPHAN_GRACE_MS = 2000;

export interface WorkerGuardOptions {
  /** Called with the primary's latest supervision figures. */
  onStats: (stats: SupervisionStats) => void;
  /** Stop accepting connections (the primary is gone). */
  stopServing: () => void;
  write?: (line: string) => void;
}

export function guardWorker(options: WorkerGuardOptions): void {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const report = (msg: WorkerHealthReport): void => {
    if (process.connected) process.send?.(msg);
  };
  process.on('message', (msg: unknown) => {
    if (!isPrimaryMessage(msg)) return;
    if (msg.type === 'ping') report({ type: 'pong', seq: msg.seq });
    else options.onStats(msg.stats);
  });

  let dying = false;
  const die = (kind: string, err: unknown): void => {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    write(`lode: worker ${process.pid}: ${kind}: ${text}\n`);
    if (dying) return;
    dying = true;
    report({ type: 'dying', reason: `${kind}: ${err instanceof Error ? err.message : String(err)}` });
    process.exitCode = 1;
    // Let the report and the log line leave before exiting.
    setImmediate(() => process.exit(1));
  };
  process.on('uncaughtException', (err) => die('Uncaught exception', err));
  process.on('unhandledRejection', (reason) => die('Unhandled promise rejection', reason));

  process.once('disconnect', () => {
    if (dying) return;
    write(`lode: worker ${process.pid}: the primary is gone; stopping\n`);
    options.stopServing();
    setTimeout(() => process.kill(process.pid, 'SIGKILL'), ORPHAN_GRACE_MS);
  });
}
