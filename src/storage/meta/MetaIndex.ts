// The ordered metadata index behind one interface, so the engine never sees
// LMDB. Reads are synchronous (the index is memory-mapped: a read costs
// microseconds and an await would cost more); writes happen in transactions
// that are atomic, serialised across every process that opens the index,
// and durable once `transact` resolves.
import type { SysRecords, TableName, TableValues } from './records.js';

export interface MetaEntry<V> {
  key: Buffer;
  value: V;
}

export interface RangeQuery {
  /** First key (inclusive unless exclusiveStart). */
  start: Buffer;
  /** End key, exclusive. */
  end: Buffer;
  exclusiveStart?: boolean;
  /** Stop after this many entries. */
  limit?: number;
}

export interface MetaReader {
  get<T extends TableName>(table: T, key: Buffer): TableValues[T] | undefined;
  /** Entries with start <= key < end, ascending. Breaking out of the loop releases the cursor. */
  range<T extends TableName>(table: T, query: RangeQuery): Iterable<MetaEntry<TableValues[T]>>;
  getSys<K extends keyof SysRecords>(name: K): SysRecords[K] | undefined;
}

export interface MetaWriter extends MetaReader {
  put<T extends TableName>(table: T, key: Buffer, value: TableValues[T]): void;
  remove(table: TableName, key: Buffer): void;
  putSys<K extends keyof SysRecords>(name: K, value: SysRecords[K]): void;
}

export interface MetaIndex extends MetaReader {
  /**
   * Runs `fn` in a write transaction: its reads see the latest committed
   * state and no other writer (in any process) interleaves, so a check and
   * the writes it guards are atomic. If `fn` throws, none of its writes are
   * kept. Resolves with fn's result once the commit is flushed to disk.
   * `fn` must be synchronous and short: it holds the index-wide write lock.
   */
  transact<R>(fn: (txn: MetaWriter) => R): Promise<R>;
  /** Index entries read through range() so far (a cost counter for tests and metrics). */
  readonly entriesVisited: number;
  /** How many entries a table holds, from the index's own statistics (no walk). */
  countEntries(table: TableName): number;
  close(): Promise<void>;
}
