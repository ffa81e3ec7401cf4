// The lifecycle worker: applies each bucket's lifecycle rules (S3's
// PutBucketLifecycleConfiguration) in the background. Every `intervalMs` it
// walks the buckets that have rules, page by page, through the ObjectStore
// seam only, and expires what is due: current versions, noncurrent
// versions, lone delete markers, stale multipart uploads. It is paced (at
// most `maxOpsPerSecond` store calls) and yields between pages so that it
// never stalls requests. Versions under retention or legal hold are never
// removed: they are skipped, whether the listing shows the lock or the
// store refuses the delete (ObjectLocked). Run it in one process per node.
import { setTimeout as sleep } from 'node:timers/promises';
import { LifecyclePass } from './LifecyclePass.js';
import { MAX_PAGE, type LifecycleReport, type LifecycleScannerOptions } from './lifecycleTypes.js';

export { isLocked } from './LifecyclePass.js';
export type { LifecycleReport, LifecycleScannerOptions, LifecycleStore } from './lifecycleTypes.js';

export class LifecycleScanner {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly options: LifecycleScannerOptions) {
    if (!(options.dayMs > 0)) throw new RangeError(`dayMs must be positive, got ${options.dayMs}`);
    if (!(options.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${options.intervalMs}`);
    if (!(options.maxOpsPerSecond > 0)) throw new RangeError(`maxOpsPerSecond must be positive, got ${options.maxOpsPerSecond}`);
    const page = options.pageSize ?? MAX_PAGE;
    if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) throw new RangeError(`pageSize must be 1..${MAX_PAGE}, got ${page}`);
  }

  /** Runs a pass now and then every intervalMs, until stop(). */
  start(): void {
    this.running ??= this.loop();
  }

  /** Stops the background passes and waits for the current one to end. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** One pass over every bucket; rejects with the signal's reason once it is aborted. */
  runOnce(signal: AbortSignal): Promise<LifecycleReport> {
    return new LifecyclePass(this.options, signal).run();
  }

  private async loop(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        const report = await this.runOnce(signal);
        const acted =
          report.currentExpired +
          report.noncurrentExpired +
          report.deleteMarkersRemoved +
          report.uploadsAborted +
          report.locked +
          report.errors;
        if (acted > 0) this.options.log.info('lifecycle pass', { ...report });
      } catch (err) {
        if (signal.aborted) return;
        this.options.log.error('lifecycle pass failed', { error: err instanceof Error ? err.message : String(err) });
      }
      try {
        await sleep(this.options.intervalMs, undefined, { signal });
      } catch {
        return; // stopped
      }
    }
  }
}
