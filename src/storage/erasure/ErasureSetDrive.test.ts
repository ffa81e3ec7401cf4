import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDrive } from '../drive/LocalDrive.js';
import type { Drive, StagedFile, StageOptions } from '../drive/Drive.js';
import { codecCache, initCodec } from './codec/index.js';
import { ErasureSetDrive } from './ErasureSetDrive.js';
import { SetHealth } from './SetHealth.js';
import { readBuffers } from '../../util/bufferPool.js';

const codecFor = codecCache();

async function makeSet(
  n: number,
  parity: number,
  stripeBytes = 64 * 1024,
  failingSlots: ReadonlyMap<number, number> = new Map(),
): Promise<{ drive: ErasureSetDrive; roots: string[]; health: SetHealth; degraded: string[]; done: () => Promise<void> }> {
  await initCodec();
  const base = await mkdtemp(join(tmpdir(), 'lode-erasure-'));
  const roots = Array.from({ length: n }, (_, i) => join(base, `d${i}`));
  for (const root of roots) {
    await mkdir(join(root, '.lode', 'tmp'), { recursive: true });
    await mkdir(join(root, 'data'), { recursive: true });
    await writeFile(join(root, '.lode', 'format.json'), '{}');
  }
  const health = new SetHealth(
    roots,
    roots.map(() => ({ state: 'ok' as const })),
  );
  const degraded: string[] = [];
  const drive = new ErasureSetDrive({
    setIndex: 0,
    drives: roots.map((r, slot) => (failingSlots.has(slot) ? failingAfter(new LocalDrive(r), failingSlots.get(slot)!) : new LocalDrive(r))),
    health,
    parity: { standard: parity, reducedRedundancy: 1 },
    stripeBytes,
    codecFor,
    onDegraded: (fileId, reason) => degraded.push(`${fileId}: ${reason}`),
  });
  return { drive, roots, health, degraded, done: () => rm(base, { recursive: true, force: true }) };
}

/** A drive whose staging files fail (EIO) from their `okAppends`+1-th append on, as a disk dying mid-write. */
function failingAfter(drive: Drive, okAppends: number): Drive {
  return Object.assign(Object.create(drive) as Drive, {
    stage: async (options?: StageOptions): Promise<StagedFile> => {
      const staged = await drive.stage(options);
      let appends = 0;
      return {
        fileId: staged.fileId,
        get sizeBytes() {
          return staged.sizeBytes;
        },
        append: async (chunks: readonly Buffer[]) => {
          if (++appends > okAppends) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
          await staged.append(chunks);
        },
        commit: () => staged.commit(),
        discard: () => staged.discard(),
      };
    },
  });
}

async function readAll(drive: ErasureSetDrive, fileId: string, size: number, chunk = 100_000): Promise<Buffer> {
  const file = await drive.open(fileId);
  try {
    const out = Buffer.alloc(size);
    let position = 0;
    while (position < size) {
      const n = await file.read(out, position, Math.min(chunk, size - position), position);
      assert.ok(n > 0, `read stalled at ${position}`);
      position += n;
    }
    assert.equal(await file.read(Buffer.alloc(10), 0, 10, size), 0);
    return out;
  } finally {
    await file.close();
  }
}

/**
 * Like readAll, through readChunks (the GET path) from `start`: each chunk is
 * copied out and handed back to the read pool at once, so later reads reuse
 * its memory; bytes that came out wrong would show in the result.
 */
async function readAllChunks(drive: ErasureSetDrive, fileId: string, size: number, start = 0, chunk = 100_000): Promise<Buffer> {
  const file = await drive.open(fileId);
  try {
    assert.ok(file.readChunks !== undefined);
    const out = Buffer.alloc(size - start);
    let position = start;
    while (position < size) {
      const chunks = await file.readChunks(position, Math.min(chunk, size - position));
      assert.ok(chunks.length > 0, `read stalled at ${position}`);
      for (const c of chunks) {
        c.copy(out, position - start);
        position += c.length;
        readBuffers.give(c);
      }
    }
    assert.deepEqual(await file.readChunks(size, 10), []);
    return out;
  } finally {
    await file.close();
  }
}

async function shardPaths(roots: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const root of roots) {
    for (const hour of await readdir(join(root, 'data')))
      for (const sub of await readdir(join(root, 'data', hour)))
        for (const f of await readdir(join(root, 'data', hour, sub))) out.push(join(root, 'data', hour, sub, f));
  }
  return out;
}

test('writes k+m shards and reads the bytes back, for sizes around stripe and shard boundaries', async () => {
  const { drive, roots, done } = await makeSet(6, 2);
  try {
    for (const size of [0, 1, 3, 4, 65_535, 65_536, 65_537, 200_000, 1_000_003]) {
      const data = randomBytes(size);
      const staged = await drive.stage();
      await staged.append([data.subarray(0, Math.floor(size / 3)), data.subarray(Math.floor(size / 3))]);
      const part = await staged.commit();
      assert.equal(part.sizeBytes, size);
      assert.ok((await readAll(drive, part.fileId, size)).equals(data), `size ${size}`);
      for (const start of [0, 1, 65_535, 70_001]) {
        if (start <= size)
          assert.ok(
            (await readAllChunks(drive, part.fileId, size, start)).equals(data.subarray(start)),
            `size ${size} from ${start}, in chunks`,
          );
      }
      await drive.remove(part.fileId);
    }
    assert.equal((await shardPaths(roots)).length, 0, 'remove deletes every shard');
  } finally {
    await done();
  }
});

test('reads survive up to parity lost drives and damaged shards, and report them for healing', async () => {
  const { drive, roots, degraded, done } = await makeSet(6, 2);
  try {
    const data = randomBytes(500_000);
    const staged = await drive.stage();
    await staged.append([data]);
    const { fileId } = await staged.commit();
    // Order the shard files by the shard index in their footer: data shards 0-3 are the ones a read tries first.
    const byIndex = new Map<number, string>();
    for (const path of await shardPaths(roots)) {
      const h = await open(path, 'r');
      const footer = Buffer.alloc(40);
      await h.read(footer, 0, 40, (await h.stat()).size - 40);
      await h.close();
      byIndex.set(footer[11]!, path);
    }
    const shards = [0, 1, 2, 3, 4, 5].map((i) => byIndex.get(i)!);
    assert.equal(byIndex.size, 6);
    // Data shard 0 gone, data shard 3 with a flipped byte in its second block: both are met by a read.
    await rm(shards[0]!);
    const handle = await open(shards[3]!, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 70_000);
    byte[0] = byte[0]! ^ 0xff;
    await handle.write(byte, 0, 1, 70_000);
    await handle.close();
    assert.ok((await readAll(drive, fileId, data.length)).equals(data));
    assert.ok((await readAllChunks(drive, fileId, data.length, 12_345)).equals(data.subarray(12_345)), 'the chunked read rebuilds too');
    assert.ok(degraded.length >= 2, degraded.join('\n'));
    // A third loss is one too many for 4+2: an error, never wrong bytes.
    await rm(shards[1]!);
    await rm(shards[2]!);
    await assert.rejects(readAll(drive, fileId, data.length), { code: 'InsufficientReadQuorum' });
    await assert.rejects(readAllChunks(drive, fileId, data.length), { code: 'InsufficientReadQuorum' });
  } finally {
    await done();
  }
});

test('REDUCED_REDUNDANCY uses the smaller parity; writes need a quorum of drives', async () => {
  const { drive, roots, health, done } = await makeSet(6, 2);
  try {
    const staged = await drive.stage({ storageClass: 'REDUCED_REDUNDANCY' });
    await staged.append([randomBytes(10_000)]);
    const { fileId } = await staged.commit();
    assert.equal((await shardPaths(roots)).length, 6);
    const file = await drive.open(fileId);
    await file.close();
    health.markOffline(0, new Error('test'));
    health.markOffline(1, new Error('test'));
    health.markOffline(2, new Error('test'));
    await assert.rejects(drive.stage(), { code: 'InsufficientWriteQuorum' });
  } finally {
    await done();
  }
});

test('drives failing in the middle of a large write: the file commits on the rest while a quorum holds, else nothing stays', async () => {
  const data = randomBytes(5 * 1024 * 1024 + 123); // 81 stripes of 64 KiB: many batched writes per shard
  {
    const { drive, roots, health, done } = await makeSet(
      6,
      2,
      64 * 1024,
      new Map([
        [1, 3],
        [4, 10],
      ]),
    );
    try {
      const staged = await drive.stage();
      await staged.append([data.subarray(0, 1_000_000)]);
      await staged.append([data.subarray(1_000_000)]);
      const { fileId } = await staged.commit();
      assert.equal(health.isOnline(1), false);
      assert.equal(health.isOnline(4), false);
      assert.ok((await readAll(drive, fileId, data.length)).equals(data));
      assert.ok((await readAllChunks(drive, fileId, data.length, 777)).equals(data.subarray(777)));
      assert.equal((await shardPaths(roots)).length, 4, 'the failed drives keep no shard');
    } finally {
      await done();
    }
  }
  {
    const { drive, roots, done } = await makeSet(
      6,
      2,
      64 * 1024,
      new Map([
        [0, 2],
        [2, 5],
        [5, 8],
      ]),
    );
    try {
      const staged = await drive.stage();
      const written = (async () => {
        await staged.append([data]);
        return staged.commit();
      })();
      await assert.rejects(written, { code: 'InsufficientWriteQuorum' });
      await staged.discard();
      assert.equal((await shardPaths(roots)).length, 0, 'nothing is kept');
    } finally {
      await done();
    }
  }
});

test('a drive comes back into its slot through attachDrive, never by writing into the options', async () => {
  await initCodec();
  const base = await mkdtemp(join(tmpdir(), 'lode-attach-'));
  try {
    const roots = Array.from({ length: 4 }, (_, i) => join(base, `d${i}`));
    for (const root of roots) for (const sub of [join('.lode', 'tmp'), 'data']) await mkdir(join(root, sub), { recursive: true });
    const drives: Array<Drive | undefined> = [undefined, ...roots.slice(1).map((r) => new LocalDrive(r))];
    const health = new SetHealth(roots, [{ state: 'offline', reason: 'missing' }, ...roots.slice(1).map(() => ({ state: 'ok' as const }))]);
    const drive = new ErasureSetDrive({ setIndex: 0, drives, health, parity: { standard: 1, reducedRedundancy: 1 }, codecFor });
    assert.equal(drive.driveIn(0), undefined);
    assert.match(drive.root, /missing/);
    const back = new LocalDrive(roots[0]!);
    drive.attachDrive(0, back);
    assert.equal(drive.driveIn(0), back);
    assert.equal(drives[0], undefined, 'the options are not written into');
    assert.doesNotMatch(drive.root, /missing/);
    assert.throws(() => drive.attachDrive(4, back), RangeError);
    health.bringOnline(0, 'ok');
    const staged = await drive.stage();
    await staged.append([randomBytes(10_000)]);
    const { fileId } = await staged.commit();
    assert.deepEqual(
      (await readdir(join(roots[0]!, 'data'), { recursive: true })).filter((p) => p.endsWith(fileId)).length,
      1,
      'the attached drive holds its shard',
    );
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});
