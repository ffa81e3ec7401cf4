// Healing in the background, one thing at a time, for what reads and the
// scanner report: a file with a shard missing or rotten (a read already
// served the bytes by decoding; this puts the shard back so the next read
// does not have to), or an object whose records disagree between drives.
// One queue per process; it never throws into its callers (a failed heal is
// logged and forgotten: the next read or scan reports it again), keeps at
// most `maxPending` entries, and pauses between heals so that client
// traffic keeps the drives.
import { setTimeout as sleep } from 'node:timers/promises';
import { healObject, healReferencedFile, voteQuorumProblem, type HealTarget } from './healObject.js';

export interface HealQueueOptions {
  /** Where outcomes and failures go (the process's logger). */
  log: (message: string) => void;
  /** Pause after each heal. Default 100 ms; 0 for none. */
  pauseMs?: number;
  /** Entries beyond this are dropped (they are reported again). Default 10,000. */
  maxPending?: number;
}

type HealItem =
  | { kind: 'file'; set: HealTarget; fileId: string; reason: string }
  | { kind: 'object'; set: HealTarget; bucket: string; key: string; reason: string };

export interface HealQueueStats {
  /** Items healed (something was rewritten). */
  healed: number;
  /** Items found needing nothing by the time their turn came. */
  clean: number;
  /** Items that could not be healed. */
  failed: number;
  /** Items dropped because the queue was full or closing. */
  dropped: number;
}

export class HealQueue {
  private readonly pending = new Map<string, HealItem>();
  private current: string | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly stop = new AbortController();
  private readonly pauseMs: number;
  private readonly maxPending: number;
  readonly stats: HealQueueStats = { healed: 0, clean: 0, failed: 0, dropped: 0 };

  constructor(private readonly options: HealQueueOptions) {
    this.pauseMs = options.pauseMs ?? 100;
    this.maxPending = options.maxPending ?? 10_000;
  }

  /** Items waiting (not counting the one being healed). */
  get size(): number {
    return this.pending.size;
  }

  /** A file of `set` read with a shard missing or damaged (ErasureSetDrive's onDegraded). False when not queued (already queued, full, closed). */
  enqueueFile(set: HealTarget, fileId: string, reason = ''): boolean {
    return this.add(`${set.setIndex}/f/${fileId}`, { kind: 'file', set, fileId, reason });
  }

  /** An object whose records or shard files the scanner found wrong. */
  enqueueObject(set: HealTarget, bucket: string, key: string, reason = ''): boolean {
    return this.add(`${set.setIndex}/o/${bucket}\0${key}`, { kind: 'object', set, bucket, key, reason });
  }

  private add(id: string, item: HealItem): boolean {
    if (this.pending.has(id) || this.current === id) return false;
    if (this.closed || this.pending.size >= this.maxPending) {
      this.stats.dropped++;
      return false;
    }
    this.pending.set(id, item);
    this.kick();
    return true;
  }

  /** Starts the loop unless it runs; when it ends, starts it again for an item added while it was finishing. */
  private kick(): void {
    if (this.running !== undefined || this.closed || this.pending.size === 0) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.kick();
    });
  }

  /** The injected logger, which must not stop the loop if it throws. */
  private log(message: string): void {
    try {
      this.options.log(message);
    } catch {
      // Nothing better to do with a failing logger.
    }
  }

  /** Resolves when nothing is queued or being healed (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Stops: the heal in progress is abandoned (its staged files discarded), the rest dropped. */
  async close(): Promise<void> {
    this.closed = true;
    this.stats.dropped += this.pending.size;
    this.pending.clear();
    this.stop.abort();
    await this.idle();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = this.pending.entries().next();
      if (next.done === true || this.closed) return;
      const [id, item] = next.value;
      this.pending.delete(id);
      this.current = id;
      try {
        await this.healOne(item);
      } catch (err) {
        if (this.closed) return;
        this.stats.failed++;
        this.log(`heal of ${describe(item)} failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.current = undefined;
      }
      // Also when nothing waits: a file reported just after would otherwise start at once, and a stream of reports would set the pace.
      if (this.pauseMs > 0) {
        try {
          await sleep(this.pauseMs, undefined, { signal: this.stop.signal });
        } catch {
          return; // closed
        }
      }
    }
  }

  private async healOne(item: HealItem): Promise<void> {
    const signal = this.stop.signal;
    if (item.kind === 'file') {
      const result = await healReferencedFile(item.set, item.fileId, signal);
      if (result.missing === true || result.unrecoverable !== undefined) {
        this.stats.failed++;
        this.log(`cannot heal ${describe(item)}: ${result.unrecoverable ?? 'no drive holds any shard of it'}`);
      } else if (result.rebuiltShards > 0) {
        this.stats.healed++;
        this.log(
          `healed ${describe(item)}: rebuilt ${result.rebuiltShards} shard(s), ${result.rewrittenBytes} bytes${item.reason === '' ? '' : ` (${item.reason})`}`,
        );
      } else {
        this.stats.clean++;
      }
      return;
    }
    const noQuorum = voteQuorumProblem(item.set);
    if (noQuorum !== undefined) {
      this.stats.failed++;
      this.log(`not healing ${describe(item)}: ${noQuorum}`);
      return;
    }
    const outcome = await healObject(item.set, item.bucket, item.key, signal);
    if (outcome.problems.length > 0) {
      this.stats.failed++;
      this.log(`cannot heal ${describe(item)}: ${outcome.problems.join('; ')}`);
    } else if (outcome.repairedKeys > 0 || outcome.rebuiltShards > 0) {
      this.stats.healed++;
      this.log(
        `healed ${describe(item)}: ${outcome.repairedKeys} record(s) repaired, ${outcome.rebuiltShards} shard(s) rebuilt${item.reason === '' ? '' : ` (${item.reason})`}`,
      );
    } else {
      this.stats.clean++;
    }
  }
}

function describe(item: HealItem): string {
  const set = `erasure set ${item.set.setIndex + 1}`;
  return item.kind === 'file' ? `file ${item.fileId} of ${set}` : `object ${item.bucket}/${item.key} of ${set}`;
}
