import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { fileKey, objectKey, partKey } from '../../meta/keys.js';
import type { HealProgress } from '../../StoreAdmin.js';
import { probeShards, closeProbe } from './probeShards.js';
import { healSet, type HealAccumulator } from './healSet.js';
import {
  createTestSet,
  dumpTable,
  fileIds,
  getBytes,
  never,
  partBody,
  patternBytes,
  putInput,
  REPLICATED_TABLES,
  shardPath,
  type TestSet,
} from '../../../../test/support/erasureSet.js';

const MiB = 1024 * 1024;

function newAcc(): HealAccumulator {
  return { progress: { scanned: 0, healed: 0, failed: 0, healedBytes: 0, drivesHealing: 0 }, failures: [] };
}

/** Deletes shards of `fileId` on slots other than `keep` until exactly k remain. */
async function leaveExactlyK(set: TestSet, fileId: string, keep: number): Promise<void> {
  const probe = await probeShards(set.drive, fileId);
  await closeProbe(probe);
  const k = probe.geometry!.dataShards;
  let present = probe.slots.filter((s) => s.status === 'intact').length;
  for (let slot = 0; slot < set.roots.length && present > k; slot++) {
    if (slot === keep) continue;
    await rm(shardPath(set, slot, fileId));
    present--;
  }
  assert.equal(present, k);
}

test('a drive wiped and formatted empty in its slot is rebuilt: every object reads back with its shard and only k in all', async () => {
  let set = await createTestSet();
  try {
    const objects = new Map<string, Buffer>([
      ['empty', Buffer.alloc(0)],
      ['inline', patternBytes(1000, 1)],
      ['file', patternBytes(300_001, 2)],
      ['dir/nested', patternBytes(70_000, 3)],
    ]);
    await set.engine.createBucket({ bucket: 'b', region: 'us-east-1' }, never);
    for (const [key, bytes] of objects) await set.engine.putObject(putInput('b', key, bytes), never);
    const rrs = patternBytes(123_456, 4);
    await set.engine.putObject(putInput('b', 'rrs', rrs, { storageClass: 'REDUCED_REDUNDANCY' }), never);
    objects.set('rrs', rrs);
    // A completed multipart object (5 MiB + a short last part) and an upload still in progress.
    const mpu = await set.engine.createMultipartUpload({ bucket: 'b', key: 'mpu', metadata: { userMetadata: {} } }, never);
    const part1 = patternBytes(5 * MiB, 5);
    const part2 = patternBytes(1000, 6);
    const p1 = await set.engine.uploadPart({ bucket: 'b', key: 'mpu', uploadId: mpu.uploadId, partNumber: 1, ...partBody(part1) }, never);
    const p2 = await set.engine.uploadPart({ bucket: 'b', key: 'mpu', uploadId: mpu.uploadId, partNumber: 2, ...partBody(part2) }, never);
    await set.engine.completeMultipartUpload(
      {
        bucket: 'b',
        key: 'mpu',
        uploadId: mpu.uploadId,
        parts: [
          { partNumber: 1, etag: p1.etag },
          { partNumber: 2, etag: p2.etag },
        ],
      },
      never,
    );
    objects.set('mpu', Buffer.concat([part1, part2]));
    const open = await set.engine.createMultipartUpload({ bucket: 'b', key: 'pending', metadata: { userMetadata: {} } }, never);
    await set.engine.uploadPart(
      { bucket: 'b', key: 'pending', uploadId: open.uploadId, partNumber: 1, ...partBody(patternBytes(90_000, 7)) },
      never,
    );

    // Drive 0 replaced by an empty one: the restart's prepare formats it into its slot, state 'healing'.
    await set.close();
    await rm(set.roots[0]!, { recursive: true, force: true });
    await mkdir(set.roots[0]!);
    set = await set.reopen();
    assert.equal(set.health.stateOf(0).state, 'healing');
    assert.deepEqual(dumpTable(set.replicas[0]!, 'objects'), []);

    const reports: HealProgress[] = [];
    const acc = newAcc();
    await healSet(set, { onProgress: (p) => reports.push(p) }, acc, never);
    assert.deepEqual(acc.failures, []);
    assert.equal(acc.progress.scanned, objects.size);
    assert.equal(acc.progress.healed, objects.size, 'every object had records (and most had a shard) on the empty drive');
    assert.ok(acc.progress.healedBytes > (5 * MiB) / 4, `${acc.progress.healedBytes} bytes`);
    assert.ok(reports.length >= 1 && reports.every((r) => r.scanned <= objects.size));
    assert.equal(set.health.stateOf(0).state, 'ok', 'the drive leaves the healing state');
    for (const table of REPLICATED_TABLES) assert.deepEqual(dumpTable(set.replicas[0]!, table), dumpTable(set.replicas[1]!, table), table);
    const generations = set.index.generations();
    assert.ok(
      generations.every((g) => g === generations[1]),
      `generations ${generations.join(',')}`,
    );

    // Now only k shards of every file remain, drive 0's among them: reads need what heal wrote.
    const files = fileIds(set);
    assert.equal(files.length, 6, '3 single-file objects, 2 parts of mpu, 1 pending part (empty and inline live in the index)');
    for (const fileId of files) await leaveExactlyK(set, fileId, 0);
    for (const [key, bytes] of objects) assert.ok((await getBytes(set, 'b', key)).equals(bytes), key);
    const pendingPart = set.index.get('parts', partKey(open.uploadId, 1));
    assert.ok(pendingPart !== undefined && set.index.get('files', fileKey(pendingPart.fileId))?.owner === 'part');
    const file = await set.drive.open(pendingPart.fileId);
    const bytes = Buffer.alloc(90_000);
    for (let position = 0; position < bytes.length;) position += await file.read(bytes, position, bytes.length - position, position);
    await file.close();
    assert.ok(bytes.equals(patternBytes(90_000, 7)), 'the pending part reads back');
  } finally {
    await set.dispose();
  }
});

test('a heal scoped to a bucket and prefix repairs only those objects', async () => {
  const set = await createTestSet();
  try {
    for (const bucket of ['a', 'b']) await set.engine.createBucket({ bucket, region: 'us-east-1' }, never);
    for (const [bucket, key] of [
      ['a', 'x/1'],
      ['a', 'y/1'],
      ['b', 'x/1'],
    ] as const)
      await set.engine.putObject(putInput(bucket, key, patternBytes(20_000, key.length)), never);
    const fileOf = (bucket: string, key: string): string => {
      const record = set.index.get('objects', objectKey(bucket, key));
      return record?.data.kind === 'parts' ? record.data.parts[0]!.fileId : assert.fail('not a file object');
    };
    for (const [bucket, key] of [
      ['a', 'x/1'],
      ['a', 'y/1'],
      ['b', 'x/1'],
    ] as const)
      await rm(shardPath(set, 2, fileOf(bucket, key)));
    // A record drive 4 lost.
    await set.replicas[4]!.transact((txn) => txn.remove('objects', objectKey('a', 'x/1')));

    const acc = newAcc();
    await healSet(set, { bucket: 'a', prefix: 'x/' }, acc, never);
    assert.equal(acc.progress.scanned, 1);
    assert.equal(acc.progress.healed, 1);
    assert.ok(set.replicas[4]!.get('objects', objectKey('a', 'x/1')) !== undefined);
    const present = async (bucket: string, key: string): Promise<boolean> => {
      const probe = await probeShards(set.drive, fileOf(bucket, key));
      await closeProbe(probe);
      return probe.slots[2]!.status === 'intact';
    };
    assert.deepEqual([await present('a', 'x/1'), await present('a', 'y/1'), await present('b', 'x/1')], [true, false, false]);

    await healSet(set, { bucket: 'a' }, newAcc(), never);
    assert.deepEqual([await present('a', 'x/1'), await present('a', 'y/1'), await present('b', 'x/1')], [true, true, false]);
  } finally {
    await set.dispose();
  }
});

test('an object with too few shards is reported as failed with a reason, and a replacement drive stays in healing', async () => {
  const set = await createTestSet({
    states: [{ state: 'ok' }, { state: 'ok' }, { state: 'ok' }, { state: 'ok' }, { state: 'ok' }, { state: 'healing' }],
  });
  try {
    await set.engine.createBucket({ bucket: 'b', region: 'us-east-1' }, never);
    await set.engine.putObject(putInput('b', 'lost', patternBytes(100_000, 1)), never);
    await set.engine.putObject(putInput('b', 'fine', patternBytes(100_000, 2)), never);
    const record = set.index.get('objects', objectKey('b', 'lost'));
    const fileId = record?.data.kind === 'parts' ? record.data.parts[0]!.fileId : assert.fail('not a file object');
    for (const slot of [0, 1, 2]) await rm(shardPath(set, slot, fileId));
    const acc = newAcc();
    await healSet(set, {}, acc, never);
    assert.equal(acc.progress.scanned, 2);
    assert.equal(acc.progress.failed, 1);
    assert.equal(acc.progress.healed, 0);
    assert.equal(acc.failures.length, 1);
    assert.equal(acc.failures[0]!.key, 'lost');
    assert.match(acc.failures[0]!.reason, /cannot be rebuilt: only 3 of 6 shards are intact and 4 are needed/);
    assert.equal(set.health.stateOf(5).state, 'healing');
  } finally {
    await set.dispose();
  }
});

test('heal refuses to repair records while fewer drives than a write quorum are online', async () => {
  const set = await createTestSet();
  try {
    await set.engine.createBucket({ bucket: 'b', region: 'us-east-1' }, never);
    await set.replicas[1]!.transact((txn) => txn.remove('buckets', Buffer.from('b')));
    for (const slot of [3, 4, 5]) set.health.markOffline(slot, new Error('pulled'));
    await assert.rejects(healSet(set, {}, newAcc(), never), {
      code: 'InsufficientWriteQuorum',
      message: /3 drive\(s\) online; repairing its records needs 4/,
    });
    assert.equal(set.replicas[1]!.get('buckets', Buffer.from('b')), undefined, 'nothing was repaired');
  } finally {
    await set.dispose();
  }
});
