// Messages between the primary and its workers over node:cluster's IPC channel.

/** What the primary sends a worker. */
export type PrimaryMessage =
  | { type: 'ping'; seq: number }
  /** Supervision figures for `lode admin info`, sent to every worker whenever they change. */
  | { type: 'supervision'; stats: SupervisionStats };

/** What a worker tells the primary about its own health. */
export type WorkerHealthReport =
  | { type: 'pong'; seq: number }
  /** The worker met an error it cannot serve on after (uncaught exception, unhandled rejection) and is exiting. */
  | { type: 'dying'; reason: string };

export interface SupervisionStats {
  /** Workers the node runs when healthy. */
  workers: number;
  /** Workers replaced since the node started (crashed, killed for silence, or exited). */
  workerRestarts: number;
  startedAt: string;
  lastRestart?: { pid: number; reason: string; at: string };
}

export function isHealthReport(msg: unknown): msg is WorkerHealthReport {
  const type = (msg as { type?: unknown } | null)?.type;
  return type === 'pong' || type === 'dying';
}

export function isPrimaryMessage(msg: unknown): msg is PrimaryMessage {
  const type = (msg as { type?: unknown } | null)?.type;
  return type === 'ping' || type === 'supervision';
}
