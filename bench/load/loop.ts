// The closed loop: `concurrency` workers each issue one operation at a time,
// back to back, until the run has lasted `durationMs` or `maxOps` operations
// have started, whichever comes first (or an operation says there is no more
// work). Every operation's latency is recorded; failures are counted and the
// first few kept for the report, never thrown away.
import { LatencyLog } from './stats.js';

export interface Budget {
  durationMs: number;
  maxOps: number;
}

/** What an operation moved: bytes of bodies sent plus received, and items (keys listed) where that means something. */
export interface Moved {
  bytes: number;
  items?: number;
}

/** Returns the bytes moved, or `null` when there is no more work (the worker stops; not counted). */
export type Operation = (worker: number, seq: number) => Promise<number | Moved | null>;

export interface LoopResult {
  ops: number;
  errors: number;
  firstErrors: string[];
  bytes: number;
  items: number;
  elapsedMs: number;
  latenciesMs: LatencyLog;
}

const KEPT_ERRORS = 5;

export async function runLoop(concurrency: number, budget: Budget, op: Operation): Promise<LoopResult> {
  const latencies = new LatencyLog();
  const firstErrors: string[] = [];
  let started = 0;
  let ops = 0;
  let errors = 0;
  let bytes = 0;
  let items = 0;
  const startMs = performance.now();
  const deadline = startMs + budget.durationMs;

  async function worker(id: number): Promise<void> {
    while (started < budget.maxOps && performance.now() < deadline) {
      const seq = started++;
      const t0 = performance.now();
      try {
        const moved = await op(id, seq);
        if (moved === null) return;
        latencies.add(performance.now() - t0);
        ops++;
        if (typeof moved === 'number') bytes += moved;
        else {
          bytes += moved.bytes;
          items += moved.items ?? 0;
        }
      } catch (err) {
        latencies.add(performance.now() - t0);
        errors++;
        if (firstErrors.length < KEPT_ERRORS) firstErrors.push(err instanceof Error ? err.message : String(err));
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, (_, id) => worker(id)));
  return { ops, errors, firstErrors, bytes, items, elapsedMs: performance.now() - startMs, latenciesMs: latencies };
}
