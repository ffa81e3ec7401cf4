// The replicas of an erasure set's index (one LmdbIndex per drive) with
// their health, and heal's tools over them: the union of their keys, a
// cheap agreement check, healing one key to its voted value, and raising a
// caught-up replica's generation. ReplicatedIndex (reads by vote, writes
// through an arbiter) is a ReplicaSet.
import type { LmdbIndex } from './LmdbIndex.js';
import type { RangeQuery } from './MetaIndex.js';
import type { TableName } from './records.js';
import { isDriveFull } from './replicaErrors.js';
import { sameBytes, vote } from './vote.js';

/** How the set sees its drives; shared with the erasure data path. */
export interface ReplicaHealth {
  isOnline(replica: number): boolean;
  /** Takes a replica out of rotation after an I/O failure. */
  markOffline(replica: number, reason: unknown): void;
  /**
   * The replica's index refused a write for want of space (DriveFull) or
   * took one again (reason undefined). A full index stays in rotation: it
   * still serves reads, and deletes (which reuse LMDB's freed pages) are
   * what make room again.
   */
  noteFull?(replica: number, reason: unknown): void;
}

export class ReplicaSet {
  constructor(
    // By slot; a slot whose drive is missing has no replica, and its health says offline.
    protected readonly replicas: Array<LmdbIndex | undefined>,
    protected readonly health: ReplicaHealth,
  ) {
    if (replicas.length === 0) throw new Error('a replicated index needs at least one replica');
  }

  /** Puts a drive's index (back) into its slot: a drive that returned or was replaced. Returns the one it replaces. */
  attach(slot: number, replica: LmdbIndex): LmdbIndex | undefined {
    const previous = this.replicas[slot];
    this.replicas[slot] = replica;
    return previous;
  }

  get entriesVisited(): number {
    let sum = 0;
    for (const r of this.replicas) sum += r?.entriesVisited ?? 0;
    return sum;
  }

  /** Replication generation of each replica (undefined: offline or unreadable). */
  generations(): Array<number | undefined> {
    return this.replicas.map((r, i) => {
      if (r === undefined || !this.health.isOnline(i)) return undefined;
      const read = this.tryRead(i, () => r.getSys('generation'));
      return read.ok ? ((read.value as number | undefined) ?? 0) : undefined;
    });
  }

  protected online(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.replicas.length; i++) if (this.health.isOnline(i)) out.push(i);
    return out;
  }

  /** Guards a synchronous read of one replica: a failing drive leaves rotation instead of failing the request. */
  protected tryRead<R>(replica: number, read: () => R): { ok: true; value: R } | { ok: false } {
    try {
      return { ok: true, value: read() };
    } catch (err) {
      this.health.markOffline(replica, err);
      return { ok: false };
    }
  }

  /** A full index stays in rotation (see ReplicaHealth.noteFull); any other failure takes the drive out. */
  protected writeFailed(replica: number, err: unknown): void {
    if (isDriveFull(err)) this.health.noteFull?.(replica, err);
    else this.health.markOffline(replica, err);
  }

  // ---- Heal: bringing replicas that missed writes (or a replacement drive) back in line.

  /**
   * The union of the keys the online replicas hold in `table` within the
   * query's range, ascending, each once. A key only a stale replica holds is
   * in it too: heal must see it to remove it. With a limit, each replica is
   * read up to the limit (the first `limit` keys of the union are among
   * them). Callers take pages (spread with a limit) so no cursor stays open
   * across an await.
   */
  *keysOf(table: TableName, query: RangeQuery): Iterable<Buffer> {
    const cursors: Array<{ replica: number; it: Iterator<Buffer>; head: Buffer | undefined }> = [];
    for (const replica of this.online()) {
      const r = this.replicas[replica];
      if (r !== undefined) cursors.push({ replica, it: r.keys(table, query)[Symbol.iterator](), head: undefined });
    }
    const advance = (c: (typeof cursors)[number]): void => {
      const read = this.tryRead(c.replica, () => c.it.next());
      // Copy: the cursor may reuse the memory behind the key.
      c.head = read.ok && read.value.done !== true ? Buffer.from(read.value.value) : undefined;
    };
    try {
      for (const c of cursors) advance(c);
      let yielded = 0;
      for (;;) {
        let smallest: Buffer | undefined;
        for (const c of cursors) if (c.head !== undefined && (smallest === undefined || c.head.compare(smallest) < 0)) smallest = c.head;
        if (smallest === undefined) return;
        const key = smallest;
        for (const c of cursors) if (c.head !== undefined && c.head.equals(key)) advance(c);
        yield key;
        if (query.limit !== undefined && ++yielded >= query.limit) return;
      }
    } finally {
      for (const c of cursors) c.it.return?.();
    }
  }

  /** True when every online replica holds the same bytes under `key` (or none holds it): a cheap check for the scanner. */
  agrees(table: TableName, key: Buffer): boolean {
    let first: { raw: Buffer | undefined } | undefined;
    for (const i of this.online()) {
      const r = this.replicas[i];
      if (r === undefined) continue;
      const read = this.tryRead(i, () => r.getRaw(table, key));
      if (!read.ok) continue;
      if (first === undefined) first = { raw: read.value };
      else if (!sameBytes(first.raw, read.value)) return false;
    }
    return true;
  }

  /**
   * Makes every online replica hold the voted value of `key`, or not hold it
   * when absence wins (a delete it missed). Resolves with how many replicas
   * were changed.
   *
   * Heal runs while writes go on, so two guards keep it from undoing one:
   * a replica at a higher generation than every replica holding the winner
   * has taken a write that the others are still being sent (an arbiter
   * mid-transaction), and is left alone; and each change is a
   * compare-and-set inside that replica's write lock, so a value that
   * changed since it was read is not overwritten. Generations are read
   * around the value (before it for the winners, after it for the others)
   * so that a commit between the reads errs on the side of leaving a
   * replica alone: the next heal gets it.
   */
  async healKey(table: TableName, key: Buffer): Promise<number> {
    if (table === 'sys') throw new Error('sys records are drive-local: heal never copies them between replicas');
    const seen: Array<{ replica: number; raw: Buffer | undefined; generationBefore: number; generationAfter: number }> = [];
    for (const i of this.online()) {
      const r = this.replicas[i];
      if (r === undefined) continue;
      const read = this.tryRead(i, () => {
        const generationBefore = (r.getSys('generation') as number | undefined) ?? 0;
        const raw = r.getRaw(table, key);
        const generationAfter = (r.getSys('generation') as number | undefined) ?? 0;
        return { generationBefore, raw, generationAfter };
      });
      if (read.ok) seen.push({ replica: i, ...read.value });
    }
    if (seen.length < 2) return 0;
    const winning = vote(seen)?.raw;
    let winnerGeneration = 0;
    for (const s of seen) if (sameBytes(s.raw, winning)) winnerGeneration = Math.max(winnerGeneration, s.generationBefore);
    const stale = seen.filter((s) => !sameBytes(s.raw, winning) && s.generationAfter <= winnerGeneration);
    // Queued in the same turn: lmdb-js commits them together with the other keys a caller heals concurrently.
    const results = await Promise.all(
      stale.map(async (s) => {
        try {
          return await this.replicas[s.replica]!.replaceRaw(table, key, s.raw, winning);
        } catch (err) {
          this.writeFailed(s.replica, err);
          return false;
        }
      }),
    );
    return results.filter(Boolean).length;
  }

  /**
   * After heal made `replica` hold every voted record that was committed up
   * to `generation`: raises its generation to that (never lowers it), so it
   * can be the arbiter again. Resolves true when it was raised.
   */
  async catchUp(replica: number, generation: number): Promise<boolean> {
    const r = this.replicas[replica];
    if (r === undefined || !this.health.isOnline(replica)) return false;
    try {
      return await r.transact((txn) => {
        if (((txn.getSys('generation') as number | undefined) ?? 0) >= generation) return false;
        txn.putSys('generation', generation);
        const pending = txn.getSys('pendingGenerations');
        if (pending !== undefined)
          txn.putSys(
            'pendingGenerations',
            pending.filter((g) => g > generation),
          );
        return true;
      });
    } catch (err) {
      this.writeFailed(replica, err);
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.replicas.map((r) => r?.close() ?? Promise.resolve()));
  }
}
