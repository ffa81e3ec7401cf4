// ReplicatedIndex's heal methods (keysOf, healKey, agrees, catchUp) and
// healSet bringing back a drive whose index missed writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bucketKey, objectKey } from '../../meta/keys.js';
import { LmdbIndex } from '../../meta/LmdbIndex.js';
import { ReplicatedIndex, type ReplicaHealth } from '../../meta/ReplicatedIndex.js';
import type { BucketRecord } from '../../meta/records.js';
import type { HealProgress } from '../../StoreAdmin.js';
import { healSet, type HealAccumulator } from './healSet.js';
import {
  createTestSet,
  dumpTable,
  getBytes,
  never,
  patternBytes,
  putInput,
  REPLICATED_TABLES,
  shardPath,
  partBody,
} from '../../../../test/support/erasureSet.js';

class Health implements ReplicaHealth {
  readonly offline = new Set<number>();
  isOnline(i: number): boolean {
    return !this.offline.has(i);
  }
  markOffline(i: number): void {
    this.offline.add(i);
  }
}

const bucket = (name: string, createdMs = 1): BucketRecord => ({ v: 1, name, createdMs, region: 'us-east-1' });
const ALL = { start: Buffer.alloc(0), end: Buffer.from([0xff]) };

async function threeReplicas(): Promise<{ replicas: LmdbIndex[]; index: ReplicatedIndex; health: Health; done: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lode-replica-heal-'));
  const replicas = [0, 1, 2].map((i) => LmdbIndex.open(join(dir, String(i))));
  const health = new Health();
  const index = new ReplicatedIndex(replicas, health, 2);
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

test('keysOf walks the union of the replicas, in order, each key once, up to a limit', async () => {
  const { replicas, index, done } = await threeReplicas();
  try {
    await replicas[0]!.transact((txn) => {
      txn.put('buckets', bucketKey('b'), bucket('b'));
      txn.put('buckets', bucketKey('d'), bucket('d'));
    });
    await replicas[1]!.transact((txn) => {
      txn.put('buckets', bucketKey('a'), bucket('a'));
      txn.put('buckets', bucketKey('d'), bucket('d'));
    });
    await replicas[2]!.transact((txn) => txn.put('buckets', bucketKey('c'), bucket('c')));
    assert.deepEqual([...index.keysOf('buckets', ALL)].map(String), ['a', 'b', 'c', 'd']);
    assert.deepEqual([...index.keysOf('buckets', { ...ALL, limit: 2 })].map(String), ['a', 'b']);
    assert.deepEqual([...index.keysOf('buckets', { start: bucketKey('b'), end: ALL.end, exclusiveStart: true })].map(String), ['c', 'd']);
    assert.equal(index.agrees('buckets', bucketKey('d')), false, 'replica 2 lacks d');
  } finally {
    await done();
  }
});

test('healKey copies the voted value (or its absence) onto the replicas that differ, and leaves a replica that is ahead alone', async () => {
  const { replicas, index, done } = await threeReplicas();
  try {
    await index.transact((txn) => {
      txn.put('buckets', bucketKey('a'), bucket('a', 1));
      txn.put('buckets', bucketKey('gone'), bucket('gone'));
    });
    // Replica 0 missed an update and a delete (generation stays behind).
    await replicas[1]!.transact((txn) => {
      txn.put('buckets', bucketKey('a'), bucket('a', 2));
      txn.remove('buckets', bucketKey('gone'));
      txn.putSys('generation', 2);
    });
    await replicas[2]!.transact((txn) => {
      txn.put('buckets', bucketKey('a'), bucket('a', 2));
      txn.remove('buckets', bucketKey('gone'));
      txn.putSys('generation', 2);
    });
    assert.equal(await index.healKey('buckets', bucketKey('a')), 1);
    assert.equal(await index.healKey('buckets', bucketKey('gone')), 1);
    assert.equal(replicas[0]!.get('buckets', bucketKey('a'))?.createdMs, 2);
    assert.equal(replicas[0]!.get('buckets', bucketKey('gone')), undefined);
    assert.equal(await index.healKey('buckets', bucketKey('a')), 0, 'nothing left to do');
    assert.ok(index.agrees('buckets', bucketKey('a')));

    // An arbiter mid-transaction: replica 2 committed a new value at a higher
    // generation, the others have not received it yet. Heal must not undo it.
    await replicas[2]!.transact((txn) => {
      txn.put('buckets', bucketKey('a'), bucket('a', 3));
      txn.putSys('generation', 3);
    });
    assert.equal(await index.healKey('buckets', bucketKey('a')), 0);
    assert.equal(replicas[2]!.get('buckets', bucketKey('a'))?.createdMs, 3);

    assert.equal(await index.catchUp(0, 3), true);
    assert.equal(await index.catchUp(2, 1), false, 'never lowers a generation');
    assert.deepEqual(index.generations(), [3, 2, 3]);
  } finally {
    await done();
  }
});

test('a drive that was away during writes is brought back: its records equal the others and it may arbitrate again', async () => {
  let set = await createTestSet();
  try {
    await set.engine.createBucket({ bucket: 'b', region: 'us-east-1' }, never);
    await set.engine.putObject(putInput('b', 'kept', patternBytes(100, 1)), never);
    await set.engine.putObject(putInput('b', 'replaced', patternBytes(100, 2)), never);
    await set.engine.putObject(putInput('b', 'deleted', patternBytes(50_000, 3)), never);
    const deletedFile = set.index.get('objects', objectKey('b', 'deleted'));
    assert.equal(deletedFile?.data.kind, 'parts');
    const deletedFileId = deletedFile.data.kind === 'parts' ? deletedFile.data.parts[0]!.fileId : '';

    set.health.markOffline(0, new Error('unplugged'));
    await set.engine.putObject(putInput('b', 'replaced', patternBytes(200_000, 4)), never);
    await set.engine.putObject(putInput('b', 'new', patternBytes(10, 5)), never);
    await set.engine.deleteObject({ bucket: 'b', key: 'deleted' }, never);
    await set.engine.createBucket({ bucket: 'later', region: 'us-east-1' }, never);
    const upload = await set.engine.createMultipartUpload({ bucket: 'b', key: 'mpu', metadata: { userMetadata: {} } }, never);
    await set.engine.uploadPart(
      { bucket: 'b', key: 'mpu', uploadId: upload.uploadId, partNumber: 1, ...partBody(patternBytes(70_000, 6)) },
      never,
    );

    // Restart with the drive back: its index is behind.
    set = await set.reopen();
    const generations = set.index.generations();
    assert.ok(generations[0]! < generations[1]!, `replica 0 behind: ${generations.join(',')}`);
    assert.notDeepEqual(dumpTable(set.replicas[0]!, 'objects'), dumpTable(set.replicas[1]!, 'objects'));
    await access(shardPath(set, 0, deletedFileId)); // the shard the delete could not reach

    const reports: HealProgress[] = [];
    const acc: HealAccumulator = { progress: { scanned: 0, healed: 0, failed: 0, healedBytes: 0, drivesHealing: 0 }, failures: [] };
    await healSet(set, { onProgress: (p) => reports.push(p) }, acc, never);

    for (const table of REPLICATED_TABLES) assert.deepEqual(dumpTable(set.replicas[0]!, table), dumpTable(set.replicas[1]!, table), table);
    const after = set.index.generations();
    assert.equal(after[0], Math.max(...after.map((g) => g ?? 0)), 'replica 0 is at the top generation again');
    assert.equal(acc.progress.scanned, 4, 'kept, replaced, new, and deleted (still on drive 0)');
    assert.equal(acc.progress.healed, 3, 'replaced, new and deleted needed repair, kept did not');
    assert.equal(acc.progress.failed, 0);
    assert.ok(acc.progress.healedBytes > 0, 'shards of the new data were written to drive 0');
    assert.ok(reports.length >= 1);
    await assert.rejects(access(shardPath(set, 0, deletedFileId)), { code: 'ENOENT' }, 'the orphaned shard is gone');

    // Drive 0 alone with k-1 others serves what the others wrote while it was away.
    set.health.markOffline(1, new Error('test'));
    set.health.markOffline(2, new Error('test'));
    assert.ok((await getBytes(set, 'b', 'replaced')).equals(patternBytes(200_000, 4)));
    assert.ok((await getBytes(set, 'b', 'new')).equals(patternBytes(10, 5)));
  } finally {
    await set.dispose();
  }
});
