// One MetaIndex over the indexes of every drive of an erasure set: the same
// records on each drive, so the set's metadata survives as many lost drives
// as its data does. The engine above cannot tell it from a single index.
//
// Reads vote: each key's value is the one the most online replicas hold
// (absence counts as a value, so deletes win too). A write acknowledged by a
// write quorum W > n/2 of the drives outvotes every older value while fewer
// than 2W - n drives are offline.
//
// Writes go through an arbiter, the first online replica that is not behind:
// `fn` runs in the arbiter's transaction, inside LMDB's write lock that every
// process shares, so its checks (If-None-Match, a bucket that must exist) and
// writes are atomic. The writes are recorded, then applied to the other
// replicas; when fewer than W replicas took them, they are undone and the
// transaction fails with nothing half-committed.
//
// The replicas themselves, their health and heal's tools live in
// ReplicaSet.ts; the vote in vote.ts.
import { StoreError } from '../StoreError.js';
import type { LmdbIndex, RawEntry } from './LmdbIndex.js';
import type { MetaEntry, MetaIndex, MetaWriter, RangeQuery } from './MetaIndex.js';
import type { SysRecords, TableName, TableValues } from './records.js';
import { driveFull, isDriveFull, noReplicas, quorumLost } from './replicaErrors.js';
import { ReplicaSet, type ReplicaHealth } from './ReplicaSet.js';
import { vote } from './vote.js';

export type { ReplicaHealth } from './ReplicaSet.js';

type WriteOp =
  | { table: TableName; key: Buffer; kind: 'put'; value: TableValues[TableName]; previous: TableValues[TableName] | undefined }
  | { table: TableName; key: Buffer; kind: 'remove'; previous: TableValues[TableName] | undefined };

export class ReplicatedIndex extends ReplicaSet implements MetaIndex {
  constructor(
    // By slot; a slot whose drive is missing has no replica, and its health says offline.
    replicas: Array<LmdbIndex | undefined>,
    health: ReplicaHealth,
    /** Replicas that must take a write for it to count. */
    private readonly writeQuorum: number,
  ) {
    super(replicas, health);
  }

  get<T extends TableName>(table: T, key: Buffer): TableValues[T] | undefined {
    const candidates: Array<{ replica: number; raw: Buffer | undefined }> = [];
    for (const i of this.online()) {
      const read = this.tryRead(i, () => this.replicas[i]!.getRaw(table, key));
      if (read.ok) candidates.push({ replica: i, raw: read.value });
    }
    if (candidates.length === 0) throw noReplicas();
    const winner = vote(candidates);
    // Decoded from the bytes that won, not read a second time.
    return winner === undefined ? undefined : this.replicas[winner.replica]!.decodeRaw(table, winner.raw!);
  }

  /**
   * The entries of a range. When every online replica is at the same
   * generation they applied the same transactions, so one replica's walk is
   * the vote's answer: a listing page then costs one walk, not one per drive
   * with a vote per key (8 drives: about 3.5x the keys/s). Otherwise, or if
   * that replica fails mid-walk, the k-way merge votes every key.
   */
  *range<T extends TableName>(table: T, query: RangeQuery): Iterable<MetaEntry<TableValues[T]>> {
    const replicas = this.online();
    if (replicas.length === 0) throw noReplicas();
    const single = this.agreeingReplica(replicas);
    if (single === undefined) {
      yield* this.votedRange(table, query);
      return;
    }
    const it = this.replicas[single]!.range(table, query)[Symbol.iterator]();
    let last: Buffer | undefined;
    let yielded = 0;
    try {
      for (;;) {
        const read = this.tryRead(single, () => it.next());
        if (!read.ok) break; // the drive left rotation: vote the rest
        if (read.value.done === true) return;
        last = Buffer.from(read.value.value.key);
        yielded++;
        yield read.value.value;
      }
    } finally {
      it.return?.();
    }
    if (query.limit !== undefined && yielded >= query.limit) return;
    const rest: RangeQuery = { ...query, ...(last !== undefined ? { start: last, exclusiveStart: true } : {}) };
    if (query.limit !== undefined) rest.limit = query.limit - yielded;
    yield* this.votedRange(table, rest);
  }

  /** An online replica all others agree with by generation, or undefined when generations differ. */
  private agreeingReplica(replicas: readonly number[]): number | undefined {
    let generation: number | undefined;
    for (const i of replicas) {
      const read = this.tryRead(i, () => this.replicas[i]!.getSys('generation') ?? 0);
      if (!read.ok) return undefined;
      if (generation === undefined) generation = read.value;
      else if (generation !== read.value) return undefined;
    }
    return replicas[0];
  }

  /** A k-way merge of the replicas' ordered ranges, one vote per key. */
  private *votedRange<T extends TableName>(table: T, query: RangeQuery): Iterable<MetaEntry<TableValues[T]>> {
    const replicas = this.online();
    if (replicas.length === 0) throw noReplicas();
    // The limit applies to the merged result only: a replica cut short would
    // vote "absent" for keys it does hold. The cursors are lazy, so unlimited
    // ranges cost only what is read.
    const perReplica: RangeQuery = {
      start: query.start,
      end: query.end,
      ...(query.exclusiveStart === true ? { exclusiveStart: true } : {}),
    };
    const cursors = replicas.map((replica) => ({
      replica,
      it: this.replicas[replica]!.rangeRaw(table, perReplica)[Symbol.iterator](),
      head: undefined as RawEntry | undefined,
      done: false,
    }));
    const advance = (c: (typeof cursors)[number]): void => {
      const read = this.tryRead(c.replica, () => c.it.next());
      if (!read.ok || read.value.done === true) {
        c.done = true;
        c.head = undefined;
        return;
      }
      // Copy: the next step of the cursor may reuse the memory behind the value.
      c.head = { key: Buffer.from(read.value.value.key), raw: Buffer.from(read.value.value.raw) };
    };
    try {
      for (const c of cursors) advance(c);
      let yielded = 0;
      for (;;) {
        let smallest: Buffer | undefined;
        for (const c of cursors)
          if (c.head !== undefined && (smallest === undefined || c.head.key.compare(smallest) < 0)) smallest = c.head.key;
        if (smallest === undefined) return;
        const key = smallest;
        const candidates: Array<{ replica: number; raw: Buffer | undefined }> = [];
        for (const c of cursors) {
          if (c.done && c.head === undefined && !this.health.isOnline(c.replica)) continue;
          if (c.head !== undefined && c.head.key.equals(key)) {
            candidates.push({ replica: c.replica, raw: c.head.raw });
            advance(c);
          } else {
            candidates.push({ replica: c.replica, raw: undefined });
          }
        }
        const winner = vote(candidates);
        if (winner === undefined) continue;
        yield { key, value: this.replicas[winner.replica]!.decodeRaw(table, winner.raw!) };
        if (query.limit !== undefined && ++yielded >= query.limit) return;
      }
    } finally {
      for (const c of cursors) c.it.return?.();
    }
  }

  getSys<K extends keyof SysRecords>(name: K): SysRecords[K] | undefined {
    const arbiter = this.arbiter();
    return this.replicas[arbiter]!.getSys(name);
  }

  countEntries(table: TableName): number {
    return this.replicas[this.arbiter()]!.countEntries(table);
  }

  /**
   * The first online replica at the highest generation: it has every write
   * that was acknowledged. With `skip` (full replicas), the first other one
   * at that same generation; none when only replicas behind it remain.
   */
  private arbiter(skip: ReadonlySet<number> = NO_REPLICAS): number {
    const gens = this.generations();
    let best = -1;
    let bestGen = -1;
    gens.forEach((g, i) => {
      if (g !== undefined && g > bestGen) {
        best = i;
        bestGen = g;
      }
    });
    if (best < 0) throw noReplicas();
    if (skip.size === 0) return best;
    best = gens.findIndex((g, i) => g === bestGen && !skip.has(i));
    if (best < 0) throw driveFull(skip.size);
    return best;
  }

  async transact<R>(fn: (txn: MetaWriter) => R): Promise<R> {
    // Replicas whose index is full: skipped as arbiter for this write, counted as not taking it.
    const full = new Set<number>();
    for (;;) {
      const online = this.online().filter((i) => !full.has(i));
      if (online.length < this.writeQuorum) throw full.size > 0 ? driveFull(full.size) : quorumLost(online.length, this.writeQuorum);
      const attempt = await this.attempt(fn, online, full);
      if (attempt.done) return attempt.result;
    }
  }

  /** One try with the current arbiter; `done: false` when it failed as a drive and another may arbitrate. */
  private async attempt<R>(
    fn: (txn: MetaWriter) => R,
    online: readonly number[],
    full: Set<number>,
  ): Promise<{ done: true; result: R } | { done: false }> {
    const arbiter = this.arbiter(full);
    const ops: WriteOp[] = [];
    let generation = 0;
    let result: R;
    try {
      result = await this.replicas[arbiter]!.transact((txn) => {
        ops.length = 0; // a retried callback starts over
        const recorder: MetaWriter = {
          get: (table, key) => txn.get(table, key),
          range: (table, query) => txn.range(table, query),
          getSys: (name) => txn.getSys(name),
          put: (table, key, value) => {
            ops.push({ table, key, kind: 'put', value, previous: txn.get(table, key) });
            txn.put(table, key, value);
          },
          remove: (table, key) => {
            ops.push({ table, key, kind: 'remove', previous: txn.get(table, key) });
            txn.remove(table, key);
          },
          putSys: () => {
            throw new Error('drive-local sys records are not written through a replicated index');
          },
        };
        const out = fn(recorder);
        if (ops.length > 0) {
          generation = ((txn.getSys('generation') as number | undefined) ?? 0) + 1;
          txn.putSys('generation', generation);
        }
        return out;
      });
    } catch (err) {
      // The arbiter's drive failed, not the request: nothing was committed
      // there (a failed LMDB commit aborts the whole transaction), so the
      // next replica in line may arbitrate.
      if (isDriveFull(err)) {
        full.add(arbiter);
        this.health.noteFull?.(arbiter, err);
        return { done: false };
      }
      if (err instanceof StoreError && err.code !== 'DriveReadOnly' && err.code !== 'DriveFailed') throw err;
      this.health.markOffline(arbiter, err);
      if (err instanceof StoreError) return { done: false };
      throw err;
    }
    this.health.noteFull?.(arbiter, undefined);
    if (ops.length === 0) return { done: true, result };

    const others = online.filter((i) => i !== arbiter);
    const applied = await Promise.allSettled(others.map((i) => this.replay(i, arbiter, ops, generation)));
    const succeeded = [arbiter];
    let fullReplicas = full.size;
    applied.forEach((r, n) => {
      const replica = others[n]!;
      if (r.status === 'fulfilled') {
        succeeded.push(replica);
        this.health.noteFull?.(replica, undefined);
      } else {
        // A full replica is behind by this write until heal catches it up; reads outvote it meanwhile.
        if (isDriveFull(r.reason)) fullReplicas++;
        this.writeFailed(replica, r.reason);
      }
    });
    if (succeeded.length >= this.writeQuorum) return { done: true, result };
    // Too few drives took the write: undo it where it landed.
    await Promise.allSettled(succeeded.map((i) => this.replicas[i]!.transact((txn) => undoOps(txn, ops))));
    throw fullReplicas > 0 ? driveFull(fullReplicas) : quorumLost(succeeded.length, this.writeQuorum);
  }

  /** Applies a committed transaction to one more replica (see LmdbIndex.replayFrom: order-insensitive). */
  private async replay(replica: number, arbiter: number, ops: readonly WriteOp[], generation: number): Promise<void> {
    const seen = new Set<string>();
    const keys: Array<{ table: TableName; key: Buffer }> = [];
    for (const op of ops) {
      const id = `${op.table}:${op.key.toString('latin1')}`;
      if (seen.has(id)) continue;
      seen.add(id);
      keys.push({ table: op.table, key: op.key });
    }
    await this.replicas[replica]!.replayFrom(this.replicas[arbiter]!, keys, generation);
  }
}

function undoOps(txn: MetaWriter, ops: readonly WriteOp[]): void {
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i]!;
    if (op.previous === undefined) txn.remove(op.table, op.key);
    else txn.put(op.table, op.key, op.previous as never);
  }
}

const NO_REPLICAS: ReadonlySet<number> = new Set();
