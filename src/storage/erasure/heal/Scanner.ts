// The background scanner: walks every erasure set's namespace slowly, looks
// at each object cheaply (checkObject) and hands what is wrong to the
// HealQueue. It finds what no read would report: objects nobody reads,
// shards lost on a drive that was away, records a drive missed. Runs in one
// process of a node only (the walk and its pace are per process); when a
// pass ends it rests, then starts again from the beginning.
import { setTimeout as sleep } from 'node:timers/promises';
import { checkObject } from './checkObject.js';
import { splitObjectKey, type HealTarget } from './healObject.js';
import type { HealQueue } from './HealQueue.js';
import { ALL_KEYS, walkKeys } from './walkKeys.js';

export interface ScannerOptions {
  sets: readonly HealTarget[];
  queue: HealQueue;
  /** Objects looked at per second, across sets. Default 50; Infinity for no pacing (tests). */
  objectsPerSecond?: number;
  /** Rest between two passes. Default 60 s. */
  restMs?: number;
  log: (message: string) => void;
  /** Called after each complete pass (metrics, tests). */
  onPass?: (summary: ScanSummary) => void;
}

export interface ScanSummary {
  objects: number;
  /** Objects with records the drives disagree on, queued for heal. */
  recordProblems: number;
  /** Data files with shards missing or damaged, queued for heal. */
  fileProblems: number;
}

export const DEFAULT_OBJECTS_PER_SECOND = 50;
const DEFAULT_REST_MS = 60_000;

export class Scanner {
  private readonly stop = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly options: ScannerOptions) {}

  /** Starts scanning in the background until close(). */
  start(): void {
    this.running ??= this.loop();
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const signal = this.stop.signal;
    while (!signal.aborted) {
      try {
        const summary = await this.scanPass(signal);
        this.options.onPass?.(summary);
        if (summary.recordProblems + summary.fileProblems > 0) {
          this.options.log(
            `scan: ${summary.objects} object(s) looked at, ${summary.recordProblems} with disagreeing records and ${summary.fileProblems} data file(s) with missing or damaged shards queued for heal`,
          );
        }
      } catch (err) {
        if (signal.aborted) return;
        // A set without quorum, a failing index: try again after the rest.
        this.options.log(`scan stopped: ${err instanceof Error ? err.message : String(err)}`);
      }
      try {
        await sleep(this.options.restMs ?? DEFAULT_REST_MS, undefined, { signal });
      } catch {
        return; // closed
      }
    }
  }

  /** One walk over every set's objects, paced. */
  async scanPass(signal: AbortSignal): Promise<ScanSummary> {
    const rate = this.options.objectsPerSecond ?? DEFAULT_OBJECTS_PER_SECOND;
    const summary: ScanSummary = { objects: 0, recordProblems: 0, fileProblems: 0 };
    // The pace: `paced` objects are due `paced / rate` seconds after `paceStartMs`.
    let paceStartMs = Date.now();
    let paced = 0;
    for (const set of this.options.sets) {
      await walkKeys(set.index, 'objects', ALL_KEYS, signal, async (keys) => {
        for (const raw of keys) {
          signal.throwIfAborted();
          const { bucket, key } = splitObjectKey(raw);
          for (const problem of await checkObject(set, bucket, key)) {
            if (problem.kind === 'records') {
              summary.recordProblems++;
              this.options.queue.enqueueObject(set, bucket, key, `scanner: ${problem.reason}`);
            } else {
              summary.fileProblems++;
              this.options.queue.enqueueFile(set, problem.fileId, `scanner: ${problem.reason}`);
            }
          }
          summary.objects++;
          paced++;
          const waitMs = paceStartMs + (paced * 1000) / rate - Date.now();
          if (waitMs > 0) {
            await sleep(waitMs, undefined, { signal });
          } else if (waitMs < -1000) {
            // Far behind (slow drives): start the budget over rather than race to catch up.
            paceStartMs = Date.now();
            paced = 0;
          }
        }
      });
    }
    return summary;
  }
}
