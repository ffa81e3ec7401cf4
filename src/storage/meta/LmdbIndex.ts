// MetaIndex on LMDB (lmdb-js): one environment in <drive>/.lode/index with a
// named database per table, binary keys (compared bytewise), MessagePack
// values. LMDB's single-writer lock is shared by every process that opens
// the environment, which is what makes conditional writes atomic across
// node:cluster workers. lmdb-js batches the transactions queued in one event
// turn into one commit: concurrent small writes share one fsync.
import type { Database, RootDatabase } from 'lmdb';
import { toIndexError } from './indexErrors.js';
import { advanceWatermark } from './generations.js';
import { conditionAfter, type IndexCondition } from './indexCondition.js';
import { openEnvironment, rangeOptions, sysKey } from './lmdbEnv.js';
import { openRawTables, openTables, type RawTables, type Tables } from './lmdbTables.js';
import type { MetaEntry, MetaIndex, MetaWriter, RangeQuery } from './MetaIndex.js';
import type { SysRecords, TableName, TableValues } from './records.js';

export type { IndexCondition } from './indexCondition.js';

export interface RawEntry {
  key: Buffer;
  raw: Buffer;
}

/** How long close() waits for lmdb-js after the drive failed a commit. */
const CLOSE_AFTER_FAILURE_MS = 2_000;

interface PendingReplay {
  source: LmdbIndex;
  keys: ReadonlyArray<{ table: TableName; key: Buffer }>;
  generation: number;
}

export class LmdbIndex implements MetaIndex {
  private visited = 0;
  private readonly writer: MetaWriter;
  /** Replays waiting for this replica's next write transaction (see replayFrom). */
  private replayBatch: { replays: PendingReplay[]; done: Promise<void> } | undefined;
  private conditionNow: IndexCondition = { state: 'ok' };
  /** Called when a write finds the drive in a new condition: full, back to ok... (once per change, not per write). */
  onConditionChange: ((condition: IndexCondition) => void) | undefined;

  private constructor(
    private readonly root: RootDatabase<unknown, Buffer>,
    private readonly tables: Tables,
    private readonly rawTables: RawTables,
    private readonly path: string,
  ) {
    const reader = this;
    this.writer = {
      get: (table, key) => reader.get(table, key),
      range: (table, query) => reader.range(table, query),
      getSys: (name) => reader.getSys(name),
      // Inside a transaction callback lmdb-js writes straight into the open
      // transaction; the *Sync forms return booleans, not promises.
      put: (table, key, value) => void tables[table].putSync(key, value),
      remove: (table, key) => void tables[table].removeSync(key),
      putSys: (name, value) => void tables.sys.putSync(sysKey(name), value),
    };
  }

  static open(path: string): LmdbIndex {
    const root = openEnvironment(path);
    return new LmdbIndex(root, openTables(root), openRawTables(root), path);
  }

  get entriesVisited(): number {
    return this.visited;
  }

  /** The stored bytes of a value (MessagePack, or the bytes themselves for `inline`): equal bytes, equal records. */
  getRaw(table: TableName, key: Buffer): Buffer | undefined {
    return this.rawTables[table].getBinary(key);
  }

  /** Decodes bytes of `table` as get() would (the bytes are kept by the value: pass a copy you own). */
  decodeRaw<T extends TableName>(table: T, raw: Buffer): TableValues[T] {
    if (table === 'inline') return raw as TableValues[T];
    return (this.tables[table] as unknown as { decoder: { decode(bytes: Buffer): unknown } }).decoder.decode(raw) as TableValues[T];
  }

  /** Like range(), with raw value bytes. */
  *rangeRaw(table: TableName, query: RangeQuery): Iterable<RawEntry> {
    for (const entry of this.walk(this.rawTables[table], query)) yield { key: entry.key, raw: entry.value };
  }

  /**
   * Keys only, ascending (no value is read or copied): heal and the scanner
   * walk the union of the replicas' keys with it. Not counted in
   * entriesVisited, which measures what requests (listings) cost.
   */
  keys(table: TableName, query: RangeQuery): Iterable<Buffer> {
    return this.rawTables[table].getKeys(rangeOptions(query));
  }

  /**
   * Heal's compare-and-set: stores `next` under `key` (undefined removes it)
   * only if the stored bytes are still `expected`. The comparison runs inside
   * the write lock, so a write that landed since the caller looked is never
   * overwritten. Resolves false when the bytes had changed.
   */
  async replaceRaw(table: TableName, key: Buffer, expected: Buffer | undefined, next: Buffer | undefined): Promise<boolean> {
    if (table === 'sys') throw new Error('sys records are drive-local and are not replaced by heal');
    const raw = this.rawTables[table];
    return this.transact(() => {
      const current = raw.getBinary(key);
      if (current === undefined ? expected !== undefined : expected === undefined || !current.equals(expected)) return false;
      if (next === undefined) raw.removeSync(key);
      else raw.putSync(key, next);
      return true;
    });
  }

  /**
   * A replica's side of a replicated transaction: copies the current bytes
   * of `keys` from `source` (the arbiter, where the transaction committed),
   * removing those the source no longer holds, and records `generation` as
   * applied. The source is read inside this index's write lock with a fresh
   * snapshot, so of two replays that touch one key, the later to run copies
   * the later value whatever order they arrive in: replicas converge on the
   * arbiter's state without waiting for each other.
   *
   * Replays that arrive before the replica's next write turn share one
   * transaction and one generation update (8 drives: 7 replays per PUT, so
   * per-transaction costs dominated). It is not a child transaction: a
   * replay only ever copies committed bytes, so one that fails halfway
   * leaves correct values and an old generation, which heal completes.
   */
  replayFrom(source: LmdbIndex, keys: ReadonlyArray<{ table: TableName; key: Buffer }>, generation: number): Promise<void> {
    let batch = this.replayBatch;
    if (batch === undefined) {
      const open: PendingReplay[] = [];
      batch = this.replayBatch = { replays: open, done: undefined as unknown as Promise<void> };
      batch.done = this.commit(() => {
        this.replayBatch = undefined; // replays from here on go into the next transaction
        this.applyReplays(open);
      }, false);
    }
    batch.replays.push({ source, keys, generation });
    return batch.done;
  }

  private applyReplays(replays: readonly PendingReplay[]): void {
    let lastSource: LmdbIndex | undefined;
    for (const { source, keys } of replays) {
      if (source !== lastSource) source.root.resetReadTxn(); // a fresh snapshot of what the source committed
      lastSource = source;
      for (const { table, key } of keys) {
        // getBinaryFast: a view of lmdb-js's shared read buffer, valid until
        // the next read; putSync copies it at once. Saves a copy and an
        // allocation per key per replica (7 per key on 8 drives).
        const raw = source.rawTables[table].getBinaryFast(key);
        if (raw === undefined) this.rawTables[table].removeSync(key);
        else this.rawTables[table].putSync(key, raw);
      }
    }
    this.recordGenerations(replays.map((r) => r.generation));
  }

  /** Records replayed generations (see generations.ts) in this replica's sys table. */
  private recordGenerations(generations: readonly number[]): void {
    const sys = this.tables.sys as unknown as Database<unknown, Buffer>;
    const current = (sys.get(sysKey('generation')) as number | undefined) ?? 0;
    const pending = (sys.get(sysKey('pendingGenerations')) as number[] | undefined) ?? [];
    const next = advanceWatermark(current, pending, generations);
    if (next.generation !== current) sys.putSync(sysKey('generation'), next.generation);
    if (next.pending !== undefined) sys.putSync(sysKey('pendingGenerations'), next.pending);
  }

  countEntries(table: TableName): number {
    const stats = this.tables[table].getStats() as { entryCount?: number };
    return stats.entryCount ?? 0;
  }

  get<T extends TableName>(table: T, key: Buffer): TableValues[T] | undefined {
    return this.tables[table].get(key);
  }

  range<T extends TableName>(table: T, query: RangeQuery): Iterable<MetaEntry<TableValues[T]>> {
    return this.walk(this.tables[table], query);
  }

  /** The entries of one range of `db` (decoded or raw, by how it was opened), counted in entriesVisited. */
  private *walk<V>(db: Database<V, Buffer>, query: RangeQuery): Iterable<MetaEntry<V>> {
    for (const entry of db.getRange(rangeOptions(query))) {
      this.visited++;
      yield { key: entry.key, value: entry.value };
    }
  }

  getSys<K extends keyof SysRecords>(name: K): SysRecords[K] | undefined {
    return this.tables.sys.get(sysKey(name)) as SysRecords[K] | undefined;
  }

  transact<R>(fn: (txn: MetaWriter) => R): Promise<R> {
    // A child transaction so that a throwing fn rolls back only its own
    // writes, not the others batched into the same commit.
    return this.commit(() => fn(this.writer), true);
  }

  /** Runs `fn` in the next batched write transaction; resolves once that commit is durable. */
  private async commit<R>(fn: () => R, asChild: boolean): Promise<R> {
    let result: R;
    try {
      const committed = asChild ? this.root.childTransaction(fn) : this.root.transaction(fn);
      // With overlappingSync (lmdb-js's default on Linux) a commit resolves
      // when visible, before its fsync; `flushed` resolves after the fsync of
      // the batch just queued. Its then() must be called now, in the same turn,
      // to bind to this batch and not a later one.
      const flushed = new Promise<unknown>((resolve, reject) => {
        void this.root.flushed.then(resolve, reject);
      });
      flushed.catch(() => undefined); // surfaced below; avoid an unhandled rejection while we await the commit
      result = await committed;
      await flushed;
    } catch (err) {
      const mapped = await toIndexError(err, this.path);
      this.noteFailure(mapped);
      throw mapped;
    }
    if (this.conditionNow.state !== 'ok') this.setCondition({ state: 'ok' });
    return result;
  }

  /** The drive's condition as the last write found it. */
  get condition(): IndexCondition {
    return { ...this.conditionNow };
  }

  private noteFailure(err: unknown): void {
    const next = conditionAfter(err);
    if (next !== undefined && next.state !== this.conditionNow.state) this.setCondition(next);
  }

  private setCondition(next: IndexCondition): void {
    this.conditionNow = next;
    this.onConditionChange?.({ ...next });
  }

  async close(): Promise<void> {
    // lmdb-js's close() waits for the flush of the last batch queued, which
    // never comes when that batch's commit failed (a full drive): an empty
    // transaction queues a new batch to wait for instead.
    if (this.conditionNow.state === 'ok') return this.root.close();
    await this.root.transaction(() => undefined).catch(() => undefined);
    // If that failed too (a dead disk), do not wait for ever: the process exits without it.
    let timer: NodeJS.Timeout | undefined;
    const givingUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_AFTER_FAILURE_MS).unref()));
    await Promise.race([this.root.close(), givingUp]);
    clearTimeout(timer);
  }
}
