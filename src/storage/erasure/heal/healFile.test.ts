import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { healFile } from './healFile.js';
import { createTestSet, never, patternBytes, shardBytes, shardPath, type TestSet } from '../../../../test/support/erasureSet.js';
import { flipByte } from '../../../../test/support/flipByte.js';

/** A file written through the set: 5 stripes of 64 KiB, the last one short (ragged blocks). */
async function writeFile(set: TestSet, sizeBytes = 300_001, storageClass?: string): Promise<{ fileId: string; data: Buffer }> {
  const data = patternBytes(sizeBytes, sizeBytes);
  const staged = await set.drive.stage(storageClass === undefined ? {} : { storageClass });
  await staged.append([data]);
  const { fileId } = await staged.commit();
  return { fileId, data };
}

async function readBack(set: TestSet, fileId: string, sizeBytes: number): Promise<Buffer> {
  const file = await set.drive.open(fileId);
  try {
    const out = Buffer.alloc(sizeBytes);
    for (let position = 0; position < sizeBytes;) {
      const n = await file.read(out, position, sizeBytes - position, position);
      assert.ok(n > 0);
      position += n;
    }
    return out;
  } finally {
    await file.close();
  }
}

test('deleted shards (one, then two of 4+2) are rebuilt byte-identical; a healthy file needs nothing', async () => {
  const set = await createTestSet();
  try {
    const { fileId, data } = await writeFile(set);
    const before = await shardBytes(set, fileId);
    assert.equal(before.filter(Boolean).length, 6);

    await rm(shardPath(set, 1, fileId));
    let result = await healFile(set.drive, fileId, never);
    assert.equal(result.rebuiltShards, 1);
    assert.equal(result.rewrittenBytes, before[1]!.length);
    assert.deepEqual(await shardBytes(set, fileId), before);

    await rm(shardPath(set, 0, fileId));
    await rm(shardPath(set, 4, fileId));
    result = await healFile(set.drive, fileId, never);
    assert.equal(result.rebuiltShards, 2);
    assert.deepEqual(await shardBytes(set, fileId), before);
    assert.ok((await readBack(set, fileId, data.length)).equals(data));

    assert.deepEqual(await healFile(set.drive, fileId, never), { rebuiltShards: 0, rewrittenBytes: 0 });
    for (const root of set.roots) assert.deepEqual(await readdir(join(root, '.lode', 'tmp')), [], 'no staging file is left behind');
  } finally {
    await set.dispose();
  }
});

test('a shard with a flipped byte (in a block, in a hash), a truncated one and a misplaced one are rebuilt', async () => {
  const set = await createTestSet();
  try {
    const { fileId, data } = await writeFile(set);
    const before = await shardBytes(set, fileId);
    await flipByte(shardPath(set, 2, fileId), 70_000); // inside block 4 of that shard
    await flipByte(shardPath(set, 5, fileId), 0); // the first block's hash
    let result = await healFile(set.drive, fileId, never);
    assert.equal(result.rebuiltShards, 2);
    assert.deepEqual(await shardBytes(set, fileId), before);

    await truncate(shardPath(set, 3, fileId), before[3]!.length - 100);
    result = await healFile(set.drive, fileId, never);
    assert.equal(result.rebuiltShards, 1);
    assert.deepEqual(await shardBytes(set, fileId), before);

    // A valid shard file in the wrong slot (shard of slot 0 copied over slot 1's): its footer names another shard.
    await copyFile(shardPath(set, 0, fileId), shardPath(set, 1, fileId));
    result = await healFile(set.drive, fileId, never);
    assert.equal(result.rebuiltShards, 1);
    assert.deepEqual(await shardBytes(set, fileId), before);
    assert.ok((await readBack(set, fileId, data.length)).equals(data));
  } finally {
    await set.dispose();
  }
});

test('with three shards of 4+2 lost the file is unrecoverable and nothing is written', async () => {
  const set = await createTestSet();
  try {
    const { fileId } = await writeFile(set);
    await rm(shardPath(set, 0, fileId));
    await rm(shardPath(set, 2, fileId));
    await flipByte(shardPath(set, 4, fileId), 20); // a third shard rotten
    const before = await shardBytes(set, fileId);
    const result = await healFile(set.drive, fileId, never);
    assert.equal(result.rebuiltShards, 0);
    assert.equal(result.rewrittenBytes, 0);
    assert.match(result.unrecoverable ?? '', /only 3 of 6 shards are intact and 4 are needed/);
    assert.match(result.unrecoverable ?? '', /bitrot in block 0/);
    assert.deepEqual(await shardBytes(set, fileId), before, 'no shard file changed');
    for (const root of set.roots) assert.deepEqual(await readdir(join(root, '.lode', 'tmp')), []);
  } finally {
    await set.dispose();
  }
});

test("a slot whose data directory was emptied gets every file's shard back", async () => {
  const set = await createTestSet();
  try {
    const files = [
      await writeFile(set, 1),
      await writeFile(set, 0),
      await writeFile(set, 200_000),
      await writeFile(set, 150_000, 'REDUCED_REDUNDANCY'),
    ];
    const before = await Promise.all(files.map((f) => shardBytes(set, f.fileId)));
    await rm(join(set.roots[3]!, 'data'), { recursive: true });
    await mkdir(join(set.roots[3]!, 'data'));
    for (const [i, f] of files.entries()) {
      const result = await healFile(set.drive, f.fileId, never);
      assert.equal(result.rebuiltShards, 1, `file ${i}`);
      assert.deepEqual(await shardBytes(set, f.fileId), before[i]);
    }
  } finally {
    await set.dispose();
  }
});

test('a file no drive holds is missing; an offline slot is neither read nor written', async () => {
  const set = await createTestSet();
  try {
    assert.deepEqual(await healFile(set.drive, '0000aa' + 'b'.repeat(24), never), { rebuiltShards: 0, rewrittenBytes: 0, missing: true });
    const { fileId } = await writeFile(set);
    await rm(shardPath(set, 1, fileId));
    await rm(shardPath(set, 2, fileId));
    set.health.markOffline(2, new Error('pulled'));
    const result = await healFile(set.drive, fileId, never);
    assert.equal(result.rebuiltShards, 1, 'slot 1 only');
    assert.equal((await shardBytes(set, fileId))[2], undefined, 'nothing written to the offline slot');
  } finally {
    await set.dispose();
  }
});
