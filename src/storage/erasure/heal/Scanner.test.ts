import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { objectKey } from '../../meta/keys.js';
import { HealQueue } from './HealQueue.js';
import { Scanner, type ScanSummary } from './Scanner.js';
import { createTestSet, dumpTable, never, patternBytes, putInput, shardBytes, shardPath } from '../../../../test/support/erasureSet.js';

test('the scanner finds a deleted shard and a record a drive lost, and the queue heals both', async () => {
  const logs: string[] = [];
  const queue = new HealQueue({ log: (m) => logs.push(m), pauseMs: 0 });
  const set = await createTestSet();
  try {
    await set.engine.createBucket({ bucket: 'b', region: 'us-east-1' }, never);
    for (let i = 0; i < 5; i++) await set.engine.putObject(putInput('b', `k${i}`, patternBytes(i === 2 ? 100_000 : 500, i)), never);
    const record = set.index.get('objects', objectKey('b', 'k2'));
    const fileId = record?.data.kind === 'parts' ? record.data.parts[0]!.fileId : assert.fail('not a file object');
    const before = await shardBytes(set, fileId);
    await rm(shardPath(set, 5, fileId));
    await set.replicas[3]!.transact((txn) => txn.remove('objects', objectKey('b', 'k4')));

    const passes: ScanSummary[] = [];
    let passed!: () => void;
    const firstPass = new Promise<void>((resolve) => (passed = resolve));
    const scanner = new Scanner({
      sets: [set],
      queue,
      objectsPerSecond: Infinity,
      restMs: 3_600_000,
      log: (m) => logs.push(m),
      onPass: (s) => {
        passes.push(s);
        passed();
      },
    });
    scanner.start();
    await firstPass;
    await scanner.close();
    assert.deepEqual(passes, [{ objects: 5, recordProblems: 1, fileProblems: 1 }]);
    await queue.idle();
    assert.deepEqual(await shardBytes(set, fileId), before);
    assert.deepEqual(dumpTable(set.replicas[3]!, 'objects'), dumpTable(set.replicas[0]!, 'objects'));
    assert.equal(queue.stats.healed, 2, logs.join('\n'));

    // A second pass finds nothing left to do.
    assert.deepEqual(await scanner.scanPass(never), { objects: 5, recordProblems: 0, fileProblems: 0 });
  } finally {
    await queue.close();
    await set.dispose();
  }
});
