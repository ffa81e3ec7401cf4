import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmdbIndex } from './LmdbIndex.js';
import { ReplicatedIndex, type ReplicaHealth } from './ReplicatedIndex.js';
import { bucketKey } from './keys.js';
import type { BucketRecord } from './records.js';
import { StoreError } from '../StoreError.js';

class Health implements ReplicaHealth {
  readonly offline = new Set<number>();
  readonly full = new Set<number>();
  isOnline(i: number): boolean {
    return !this.offline.has(i);
  }
  markOffline(i: number): void {
    this.offline.add(i);
  }
  noteFull(i: number, reason: unknown): void {
    if (reason === undefined) this.full.delete(i);
    else this.full.add(i);
  }
}

const driveFull = (): StoreError => new StoreError('DriveFull', 'no space left (simulated)');

const bucket = (name: string, createdMs = 1): BucketRecord => ({ v: 1, name, createdMs, region: 'us-east-1' });

async function setUp(
  n: number,
  writeQuorum: number,
): Promise<{ replicas: LmdbIndex[]; index: ReplicatedIndex; health: Health; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lode-replicated-'));
  const replicas = Array.from({ length: n }, (_, i) => LmdbIndex.open(join(dir, String(i))));
  const health = new Health();
  const index = new ReplicatedIndex(replicas, health, writeQuorum);
  return {
    replicas,
    index,
    health,
    done: async () => {
      await index.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('writes reach every replica; reads vote', async () => {
  const { replicas, index, done } = await setUp(3, 2);
  try {
    await index.transact((txn) => txn.put('buckets', bucketKey('a'), bucket('a')));
    for (const r of replicas) assert.equal(r.get('buckets', bucketKey('a'))?.name, 'a');
    assert.equal(index.get('buckets', bucketKey('a'))?.name, 'a');
    // One replica alone disagreeing is outvoted, whichever way.
    await replicas[1]!.transact((txn) => txn.remove('buckets', bucketKey('a')));
    await replicas[2]!.transact((txn) => txn.put('buckets', bucketKey('ghost'), bucket('ghost')));
    assert.equal(index.get('buckets', bucketKey('a'))?.name, 'a');
    assert.equal(index.get('buckets', bucketKey('ghost')), undefined);
    const listed = [...index.range('buckets', { start: Buffer.alloc(0), end: Buffer.from([0xff]) })].map((e) => e.value.name);
    assert.deepEqual(listed, ['a']);
  } finally {
    await done();
  }
});

test('a replica that was away is outvoted and never arbitrates until it catches up', async () => {
  const { replicas, index, health, done } = await setUp(3, 2);
  try {
    await index.transact((txn) => txn.put('buckets', bucketKey('a'), bucket('a', 1)));
    health.offline.add(0);
    await index.transact((txn) => txn.put('buckets', bucketKey('a'), bucket('a', 2)));
    await index.transact((txn) => txn.put('buckets', bucketKey('b'), bucket('b')));
    health.offline.delete(0); // back, but stale
    assert.deepEqual(index.generations(), [1, 3, 3]);
    assert.equal(index.get('buckets', bucketKey('a'))?.createdMs, 2);
    // The next transaction sees b through the arbiter (replica 1), not through stale replica 0.
    const seen = await index.transact((txn) => txn.get('buckets', bucketKey('b'))?.name);
    assert.equal(seen, 'b');
    assert.equal(replicas[0]!.get('buckets', bucketKey('a'))?.createdMs, 1, 'replica 0 still missed the write (heal repairs it)');
    // A new write reaches replica 0 too, but does not make it look up to date.
    await index.transact((txn) => txn.put('buckets', bucketKey('c'), bucket('c')));
    assert.deepEqual(index.generations(), [1, 4, 4]);
  } finally {
    await done();
  }
});

test('without a write quorum nothing is written', async () => {
  const { replicas, index, health, done } = await setUp(3, 2);
  try {
    health.offline.add(1);
    health.offline.add(2);
    await assert.rejects(
      index.transact((txn) => txn.put('buckets', bucketKey('x'), bucket('x'))),
      { code: 'InsufficientWriteQuorum' },
    );
    for (const r of replicas) assert.equal(r.get('buckets', bucketKey('x')), undefined);
  } finally {
    await done();
  }
});

test('a write that reaches too few replicas is undone where it landed', async () => {
  const { replicas, index, done } = await setUp(3, 3);
  try {
    await index.transact((txn) => txn.put('buckets', bucketKey('keep'), bucket('keep', 1)));
    // Replica 2 reads fine but fails to commit, as a drive that just died would.
    Object.defineProperty(replicas[2]!, 'replayFrom', { value: () => Promise.reject(new Error('EIO: the drive went away')) });
    await assert.rejects(
      index.transact((txn) => {
        txn.put('buckets', bucketKey('keep'), bucket('keep', 2));
        txn.put('buckets', bucketKey('new'), bucket('new'));
      }),
      { code: 'InsufficientWriteQuorum' },
    );
    assert.equal(replicas[0]!.getSys('generation'), replicas[1]!.getSys('generation'), 'the replicas that undid stay level');
    for (const r of replicas.slice(0, 2)) {
      assert.equal(r.get('buckets', bucketKey('keep'))?.createdMs, 1);
      assert.equal(r.get('buckets', bucketKey('new')), undefined);
    }
  } finally {
    await done();
  }
});

test('a range walks one replica while all are at one generation, and votes when one is behind', async () => {
  const { replicas, index, health, done } = await setUp(3, 2);
  try {
    for (const name of ['a', 'b', 'c']) await index.transact((txn) => txn.put('buckets', bucketKey(name), bucket(name)));
    const all = { start: Buffer.alloc(0), end: Buffer.from([0xff]) };
    const visited = (): number[] => replicas.map((r) => r.entriesVisited);
    const before = visited();
    assert.deepEqual(
      [...index.range('buckets', all)].map((e) => e.value.name),
      ['a', 'b', 'c'],
    );
    const walked = visited().map((n, i) => n - before[i]!);
    assert.deepEqual(walked.filter((n) => n > 0).length, 1, `one replica walked: ${walked.join(',')}`);
    // Replica 0 misses a delete, so it is behind: the range votes and b stays deleted.
    health.offline.add(0);
    await index.transact((txn) => txn.remove('buckets', bucketKey('b')));
    health.offline.delete(0);
    const again = visited();
    assert.deepEqual(
      [...index.range('buckets', all)].map((e) => e.value.name),
      ['a', 'c'],
    );
    assert.ok(
      visited().every((n, i) => n > again[i]!),
      'every replica walked',
    );
  } finally {
    await done();
  }
});

test('replays landing out of order leave the replica with the newest value and a full watermark', async () => {
  const { replicas, done } = await setUp(2, 1);
  try {
    const [arbiter, replica] = replicas as [LmdbIndex, LmdbIndex];
    const key = bucketKey('k');
    await arbiter.transact((txn) => {
      txn.put('buckets', key, bucket('k', 1));
      txn.putSys('generation', 1);
    });
    await arbiter.transact((txn) => {
      txn.put('buckets', key, bucket('k', 2));
      txn.putSys('generation', 2);
    });
    // The second transaction's replay arrives first (another worker was quicker).
    await replica.replayFrom(arbiter, [{ table: 'buckets', key }], 2);
    assert.equal(replica.getSys('generation') ?? 0, 0, 'generation 1 is still missing');
    assert.deepEqual(replica.getSys('pendingGenerations'), [2]);
    await replica.replayFrom(arbiter, [{ table: 'buckets', key }], 1);
    assert.equal(replica.get('buckets', key)?.createdMs, 2, 'the older replay did not bring back the older value');
    assert.equal(replica.getSys('generation'), 2);
    assert.deepEqual(replica.getSys('pendingGenerations'), []);
    // A removal replays as a removal.
    await arbiter.transact((txn) => {
      txn.remove('buckets', key);
      txn.putSys('generation', 3);
    });
    await replica.replayFrom(arbiter, [{ table: 'buckets', key }], 3);
    assert.equal(replica.get('buckets', key), undefined);
    // Replays queued in one turn share one transaction; their generations still fill the watermark in any order.
    for (const g of [4, 5, 6]) {
      await arbiter.transact((txn) => {
        txn.put('buckets', bucketKey(`b${g}`), bucket(`b${g}`, g));
        txn.putSys('generation', g);
      });
    }
    await Promise.all([6, 4, 5].map((g) => replica.replayFrom(arbiter, [{ table: 'buckets', key: bucketKey(`b${g}`) }], g)));
    assert.equal(replica.getSys('generation'), 6);
    assert.deepEqual(replica.getSys('pendingGenerations') ?? [], []);
    for (const g of [4, 5, 6]) assert.equal(replica.get('buckets', bucketKey(`b${g}`))?.createdMs, g);
    // A gap in a batch waits as pending.
    await arbiter.transact((txn) => txn.putSys('generation', 8));
    await Promise.all([replica.replayFrom(arbiter, [], 8)]);
    assert.equal(replica.getSys('generation'), 6);
    assert.deepEqual(replica.getSys('pendingGenerations'), [8]);
  } finally {
    await done();
  }
});

test('a full replica stays in rotation: skipped as arbiter, outvoted while behind, back once it takes writes', async () => {
  const { replicas, index, health, done } = await setUp(3, 2);
  try {
    await index.transact((txn) => txn.put('buckets', bucketKey('a'), bucket('a', 1)));
    // Replica 0 (the arbiter) has no room: its commits fail, reads still work.
    const transact = replicas[0]!.transact.bind(replicas[0]!);
    const replayFrom = replicas[0]!.replayFrom.bind(replicas[0]!);
    Object.defineProperty(replicas[0]!, 'transact', { value: () => Promise.reject(driveFull()), configurable: true });
    Object.defineProperty(replicas[0]!, 'replayFrom', { value: () => Promise.reject(driveFull()), configurable: true });
    await index.transact((txn) => txn.put('buckets', bucketKey('a'), bucket('a', 2)));
    assert.deepEqual([...health.full], [0]);
    assert.deepEqual([...health.offline], [], 'a full drive is not taken out of rotation');
    assert.deepEqual(index.generations(), [1, 2, 2]);
    assert.equal(index.get('buckets', bucketKey('a'))?.createdMs, 2, 'the stale full replica is outvoted');
    // Room again: the next write reaches it and clears the flag.
    Object.defineProperty(replicas[0]!, 'transact', { value: transact, configurable: true });
    Object.defineProperty(replicas[0]!, 'replayFrom', { value: replayFrom, configurable: true });
    await index.transact((txn) => txn.put('buckets', bucketKey('b'), bucket('b')));
    assert.deepEqual([...health.full], []);
    assert.equal(replicas[0]!.get('buckets', bucketKey('b'))?.name, 'b');
  } finally {
    await done();
  }
});

test('too many full replicas: DriveFull (507), not a lost quorum, and nothing is left written', async () => {
  const { replicas, index, done } = await setUp(3, 2);
  try {
    for (const r of replicas.slice(1)) Object.defineProperty(r, 'replayFrom', { value: () => Promise.reject(driveFull()) });
    await assert.rejects(
      index.transact((txn) => txn.put('buckets', bucketKey('x'), bucket('x'))),
      { code: 'DriveFull' },
    );
    for (const r of replicas) assert.equal(r.get('buckets', bucketKey('x')), undefined);
    for (const r of replicas) Object.defineProperty(r, 'transact', { value: () => Promise.reject(driveFull()) });
    await assert.rejects(
      index.transact((txn) => txn.put('buckets', bucketKey('y'), bucket('y'))),
      { code: 'DriveFull' },
    );
  } finally {
    await done();
  }
});

test('an arbiter whose drive fails (read-only) leaves rotation and the next replica arbitrates the same write', async () => {
  const { replicas, index, health, done } = await setUp(3, 2);
  try {
    Object.defineProperty(replicas[0]!, 'transact', { value: () => Promise.reject(new StoreError('DriveReadOnly', 'EROFS (simulated)')) });
    await index.transact((txn) => txn.put('buckets', bucketKey('a'), bucket('a')));
    assert.deepEqual([...health.offline], [0]);
    assert.equal(replicas[1]!.get('buckets', bucketKey('a'))?.name, 'a');
    assert.equal(replicas[2]!.get('buckets', bucketKey('a'))?.name, 'a');
    // A callback's own refusal is the answer, not a drive failure.
    await assert.rejects(
      index.transact(() => {
        throw new StoreError('PreconditionFailed', 'If-None-Match');
      }),
      { code: 'PreconditionFailed' },
    );
    assert.deepEqual([...health.offline], [0]);
  } finally {
    await done();
  }
});
