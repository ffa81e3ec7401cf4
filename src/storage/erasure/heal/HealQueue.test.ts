import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { objectKey } from '../../meta/keys.js';
import { HealQueue } from './HealQueue.js';
import {
  createTestSet,
  getBytes,
  never,
  patternBytes,
  putInput,
  shardBytes,
  shardPath,
  type TestSet,
} from '../../../../test/support/erasureSet.js';

async function putFile(set: TestSet, key: string, seed: number): Promise<string> {
  await set.engine.putObject(putInput('b', key, patternBytes(100_000, seed)), never);
  const record = set.index.get('objects', objectKey('b', key));
  return record?.data.kind === 'parts' ? record.data.parts[0]!.fileId : assert.fail('not a file object');
}

test('files reported by degraded reads are healed once each, in the background', async () => {
  const logs: string[] = [];
  const queue = new HealQueue({ log: (m) => logs.push(m), pauseMs: 0 });
  // The set's reads report to the queue, as the assembly's onDegraded does.
  let target: TestSet | undefined;
  const set = await createTestSet({
    onDegraded: (fileId, reason) => {
      queue.enqueueFile(target!, fileId, reason);
    },
  });
  target = set;
  try {
    await set.engine.createBucket({ bucket: 'b', region: 'us-east-1' }, never);
    const one = await putFile(set, 'one', 1);
    const two = await putFile(set, 'two', 2);
    const before = [await shardBytes(set, one), await shardBytes(set, two)];

    assert.equal(queue.enqueueFile(set, one, 'test'), true);
    assert.equal(queue.enqueueFile(set, one, 'again'), false, 'deduplicated while pending');
    await queue.idle();
    assert.deepEqual(queue.stats, { healed: 0, clean: 1, failed: 0, dropped: 0 }, 'a healthy file needs nothing');

    await rm(shardPath(set, 1, one));
    await rm(shardPath(set, 3, two));
    // Reads serve the bytes (decoding) and report each file, once per damaged shard they meet.
    assert.ok((await getBytes(set, 'b', 'one')).equals(patternBytes(100_000, 1)));
    assert.ok((await getBytes(set, 'b', 'two')).equals(patternBytes(100_000, 2)));
    assert.ok(queue.size + queue.stats.healed >= 1);
    await queue.idle();
    assert.equal(queue.stats.healed, 2, logs.join('\n'));
    assert.deepEqual([await shardBytes(set, one), await shardBytes(set, two)], before);
    assert.equal(logs.filter((l) => l.startsWith('healed file')).length, 2);
  } finally {
    await queue.close();
    await set.dispose();
  }
});

test('an unrecoverable file is logged, an unreferenced one skipped; close() stops and drops the rest without throwing', async () => {
  const logs: string[] = [];
  const queue = new HealQueue({ log: (m) => logs.push(m), pauseMs: 0 });
  const set = await createTestSet();
  try {
    await set.engine.createBucket({ bucket: 'b', region: 'us-east-1' }, never);
    const lost = await putFile(set, 'lost', 1);
    for (const slot of [0, 1, 2]) await rm(shardPath(set, slot, lost));
    queue.enqueueFile(set, lost);
    queue.enqueueFile(set, '00000a' + '0'.repeat(24)); // no record references it
    await queue.idle();
    assert.deepEqual(queue.stats, { healed: 0, clean: 1, failed: 1, dropped: 0 });
    assert.match(logs.join('\n'), /cannot heal file .* only 3 of 6 shards are intact/);

    const many = await Promise.all([2, 3, 4].map((seed) => putFile(set, `k${seed}`, seed)));
    const before = await Promise.all(many.map((fileId) => shardBytes(set, fileId)));
    for (const fileId of many) await rm(shardPath(set, 4, fileId));
    for (const fileId of many) queue.enqueueFile(set, fileId);
    await queue.close();
    assert.equal(queue.enqueueFile(set, many[0]!), false, 'closed');
    assert.ok(queue.stats.dropped >= 2, JSON.stringify(queue.stats));
    // Whatever was in progress either finished or was discarded: never a torn shard.
    for (const [i, fileId] of many.entries()) {
      const bytes = await readFile(shardPath(set, 4, fileId)).catch(() => undefined);
      if (bytes !== undefined) assert.deepEqual(bytes, before[i]![4]);
    }
    assert.deepEqual(await readdir(join(set.roots[4]!, '.lode', 'tmp')), [], 'staging discarded');
  } finally {
    await queue.close();
    await set.dispose();
  }
});
