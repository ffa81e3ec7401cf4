import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { xxh3 } from '@node-rs/xxhash';
import {
  BitrotError,
  BitrotWriter,
  bitrotFileSize,
  bitrotRangePieces,
  blockFileOffset,
  readBitrotRange,
  verifiedBlocks,
  type PositionalReader,
} from './index.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bytes(length: number, seed: number): Buffer {
  const next = prng(seed);
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
  return out;
}

/** Splits `data` into random chunks of 1..maxChunk bytes (fresh copies, as a socket would deliver). */
function randomChunks(data: Buffer, maxChunk: number, seed: number): Buffer[] {
  const next = prng(seed);
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; ) {
    const n = Math.min(data.length - at, 1 + Math.floor(next() * maxChunk));
    chunks.push(Buffer.from(data.subarray(at, at + n)));
    at += n;
  }
  return chunks;
}

async function frame(chunks: Buffer[], blockBytes: number): Promise<{ file: Buffer; writer: BitrotWriter }> {
  const writer = new BitrotWriter({ blockBytes });
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), writer, async (source: AsyncIterable<Buffer>) => {
    for await (const piece of source) out.push(piece);
  });
  return { file: Buffer.concat(out), writer };
}

/** An in-memory file that returns short reads now and then, and records what was read. */
class MemoryFile implements PositionalReader {
  readonly reads: Array<{ position: number; length: number }> = [];
  private readonly next = prng(7);
  constructor(private readonly content: Buffer) {}
  async read(buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
    this.reads.push({ position, length });
    const shortBy = this.next() < 0.3 ? Math.floor(length / 2) : 0;
    return this.content.copy(buffer, offset, position, Math.min(this.content.length, position + length - shortBy));
  }
}

async function collect(source: PositionalReader, blockBytes: number, totalShardBytes: number, readBytes?: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  const options = readBytes === undefined ? { blockBytes, totalShardBytes, file: 'f' } : { blockBytes, totalShardBytes, file: 'f', readBytes };
  let expectIndex = 0;
  for await (const { index, data } of verifiedBlocks(source, options)) {
    assert.equal(index, expectIndex++);
    parts.push(data);
  }
  return Buffer.concat(parts);
}

async function rejectsBitrot(promise: Promise<unknown>, fault: BitrotError['fault'], blockIndex: number): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof BitrotError, String(err));
    assert.equal(err.fault, fault);
    assert.equal(err.blockIndex, blockIndex);
    assert.match(err.message, new RegExp(`^f: .* block ${blockIndex}$`));
    return true;
  });
}

test('bitrotFileSize: one 8-byte hash per started block', () => {
  assert.equal(bitrotFileSize(0, 1024, 'xxh3-64'), 0);
  assert.equal(bitrotFileSize(1, 1024, 'xxh3-64'), 9);
  assert.equal(bitrotFileSize(1023, 1024, 'xxh3-64'), 1031);
  assert.equal(bitrotFileSize(1024, 1024, 'xxh3-64'), 1032);
  assert.equal(bitrotFileSize(1025, 1024, 'xxh3-64'), 1041);
  assert.equal(bitrotFileSize(10 * 1024 ** 3, 1024 ** 2, 'xxh3-64'), 10 * 1024 ** 3 + 10 * 1024 * 8);
  assert.throws(() => bitrotFileSize(1, 0, 'xxh3-64'), RangeError);
  assert.throws(() => bitrotFileSize(-1, 8, 'xxh3-64'), RangeError);
});

test('the frame is [XXH3-64 big-endian][block]... and round-trips for every size around a block', async () => {
  const blockBytes = 64;
  for (const size of [0, 1, blockBytes - 1, blockBytes, blockBytes + 1, 2 * blockBytes, 37 * blockBytes + 5]) {
    for (const maxChunk of [1, 7, blockBytes, 3 * blockBytes + 1]) {
      const data = bytes(size, size);
      const { file, writer } = await frame(randomChunks(data, maxChunk, size + maxChunk), blockBytes);
      assert.equal(file.length, bitrotFileSize(size, blockBytes, 'xxh3-64'), `size ${size}`);
      assert.equal(writer.shardBytes, size);
      assert.equal(writer.blockCount, Math.ceil(size / blockBytes));
      // Independent check of the format with the one-shot hash.
      for (let block = 0; block * blockBytes < size; block++) {
        const at = blockFileOffset(block, blockBytes, 8);
        const shard = data.subarray(block * blockBytes, (block + 1) * blockBytes);
        assert.equal(file.readBigUInt64BE(at), xxh3.xxh64(shard));
        assert.deepEqual(file.subarray(at + 8, at + 8 + shard.length), shard);
      }
      assert.deepEqual(await collect(new MemoryFile(file), blockBytes, size), data);
      assert.deepEqual(await collect(new MemoryFile(file), blockBytes, size, 1), data, 'one block per read');
    }
  }
});

test('the writer passes input through without copying it', async () => {
  const blocks = [bytes(32, 1), bytes(32, 2)];
  const writer = new BitrotWriter({ blockBytes: 32 });
  const out: Buffer[] = [];
  writer.on('data', (piece: Buffer) => out.push(piece));
  const ended = new Promise((resolve) => writer.on('end', resolve));
  for (const block of blocks) writer.write(block);
  writer.end();
  await ended;
  assert.equal(out.length, 4);
  assert.equal(out[1], blocks[0], 'the first block is the input buffer itself');
  assert.equal(out[3], blocks[1]);
});

test('ranged reads return exactly the range and read only the blocks covering it', async () => {
  const blockBytes = 7;
  for (const size of [1, 7, 8, 50]) {
    const data = bytes(size, 99);
    const { file } = await frame([data], blockBytes);
    for (let offset = 0; offset <= size; offset++) {
      for (let length = 0; offset + length <= size; length++) {
        const source = new MemoryFile(file);
        const got = await readBitrotRange(source, offset, length, { blockBytes, totalShardBytes: size, file: 'f' });
        assert.deepEqual(got, data.subarray(offset, offset + length), `range ${offset}+${length} of ${size}`);
        if (length === 0) {
          assert.equal(source.reads.length, 0);
          continue;
        }
        const first = Math.floor(offset / blockBytes);
        const last = Math.floor((offset + length - 1) / blockBytes);
        const lowest = Math.min(...source.reads.map((r) => r.position));
        const highest = Math.max(...source.reads.map((r) => r.position + r.length));
        assert.equal(lowest, blockFileOffset(first, blockBytes, 8));
        // Reading the file's last block asks for one byte more, to notice a file longer than recorded.
        const isFileEnd = (last + 1) * blockBytes >= size;
        assert.equal(highest, Math.min(file.length, blockFileOffset(last + 1, blockBytes, 8)) + (isFileEnd ? 1 : 0));
      }
    }
  }
});

test('range pieces are slices of the verified blocks, in order', async () => {
  const data = bytes(100, 3);
  const { file } = await frame([data], 16);
  const pieces: Buffer[] = [];
  for await (const piece of bitrotRangePieces(new MemoryFile(file), 10, 60, { blockBytes: 16, totalShardBytes: 100, readBytes: 30 })) pieces.push(piece);
  assert.deepEqual(pieces.map((p) => p.length), [6, 16, 16, 16, 6]);
  assert.deepEqual(Buffer.concat(pieces), data.subarray(10, 70));
});

test('a flipped byte in a block or in its hash is a BitrotError naming the block', async () => {
  const blockBytes = 16;
  const size = 5 * blockBytes + 3;
  const data = bytes(size, 5);
  const { file } = await frame([data], blockBytes);
  for (const block of [0, 2, 5]) {
    for (const within of [0, 7, 8 + 2]) {
      // within < 8: a byte of the hash; otherwise a byte of the data.
      const bad = Buffer.from(file);
      const at = blockFileOffset(block, blockBytes, 8) + within;
      bad[at] = (bad[at] ?? 0) ^ 0x10;
      await rejectsBitrot(collect(new MemoryFile(bad), blockBytes, size), 'mismatch', block);
      await rejectsBitrot(readBitrotRange(new MemoryFile(bad), 0, size, { blockBytes, totalShardBytes: size, file: 'f' }), 'mismatch', block);
      // The blocks before the bad one are delivered first (the erasure reader reconstructs from there on).
      const delivered: number[] = [];
      await assert.rejects(async () => {
        for await (const { index } of verifiedBlocks(new MemoryFile(bad), { blockBytes, totalShardBytes: size, readBytes: 1000 })) delivered.push(index);
      }, BitrotError);
      assert.deepEqual(delivered, [...Array(block).keys()]);
      // A range that avoids the bad block still reads.
      if (block > 0) {
        const got = await readBitrotRange(new MemoryFile(bad), 0, block * blockBytes, { blockBytes, totalShardBytes: size });
        assert.deepEqual(got, data.subarray(0, block * blockBytes));
      }
    }
  }
});

test('a truncated or overlong file is a BitrotError', async () => {
  const blockBytes = 16;
  const size = 3 * blockBytes + 5;
  const data = bytes(size, 11);
  const { file } = await frame([data], blockBytes);
  for (let cut = 0; cut < file.length; cut++) {
    const block = Math.floor(cut / (blockBytes + 8));
    await rejectsBitrot(collect(new MemoryFile(file.subarray(0, cut)), blockBytes, size), 'truncated', block);
  }
  await rejectsBitrot(collect(new MemoryFile(Buffer.concat([file, Buffer.from([0])])), blockBytes, size), 'oversized', 4);
  // A file recorded as empty but holding bytes is not read at all: there is no block to check.
  assert.deepEqual(await collect(new MemoryFile(Buffer.from([1])), blockBytes, 0), Buffer.alloc(0));
});

test('bad spans, ranges past the end and aborts are refused', async () => {
  const { file } = await frame([bytes(40, 1)], 16);
  const options = { blockBytes: 16, totalShardBytes: 40 };
  await assert.rejects(readBitrotRange(new MemoryFile(file), 30, 11, options), RangeError);
  await assert.rejects(collect(new MemoryFile(file), 16, -1), RangeError);
  await assert.rejects(async () => {
    for await (const _ of verifiedBlocks(new MemoryFile(file), { ...options, firstBlock: 2, endBlock: 4 })) void _;
  }, RangeError);
  await assert.rejects(readBitrotRange(new MemoryFile(file), 0, 40, { ...options, signal: AbortSignal.abort() }), { name: 'AbortError' });
});

test('reads a real file through a FileHandle', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lode-bitrot-'));
  try {
    const path = join(dir, 'shard');
    const data = bytes(300_000, 21);
    await pipeline(Readable.from(randomChunks(data, 70_000, 4)), new BitrotWriter({ blockBytes: 65_536 }), createWriteStream(path));
    const handle = await open(path, 'r');
    try {
      const options = { blockBytes: 65_536, totalShardBytes: data.length, file: path };
      assert.equal((await handle.stat()).size, bitrotFileSize(data.length, 65_536, 'xxh3-64'));
      assert.deepEqual(await readBitrotRange(handle, 65_530, 140_000, options), data.subarray(65_530, 205_530));
      assert.deepEqual(await collect(handle, 65_536, data.length), data);
    } finally {
      await handle.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
