import { test } from 'node:test';
import assert from 'node:assert/strict';
import { xxh3 } from '@node-rs/xxhash';
import { BlockHasher } from './hash.js';
import { decodeFooter, encodeFooter, FOOTER_BYTES, hasFooterMagic, readTail } from './footer.js';
import { blockCountOf, blockFileOffset, blockLengthOf, frameBlock, framedFileBytes, HASH_BYTES, readFramedBlock } from './frame.js';

/** An in-memory file that returns short reads now and then (pread may). */
function memoryFile(content: Buffer): { read: (b: Buffer, o: number, l: number, p: number) => Promise<number> } {
  let calls = 0;
  return {
    read: async (buffer, offset, length, position) => {
      const short = calls++ % 3 === 1 ? Math.ceil(length / 2) : length;
      return content.copy(buffer, offset, position, Math.min(content.length, position + short));
    },
  };
}

function pattern(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return out;
}

/** The frame of `data`, built with frameBlock as the writers do, plus a 1+0 footer. */
function framed(data: Buffer, blockBytes: number): Buffer {
  const hasher = new BlockHasher();
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length; at += blockBytes) pieces.push(...frameBlock(hasher, data.subarray(at, at + blockBytes)));
  pieces.push(encodeFooter({ dataShards: 1, parityShards: 0, shardIndex: 0, stripeBytes: blockBytes, sizeBytes: data.length }));
  return Buffer.concat(pieces);
}

test('sizes and offsets: one 8-byte hash per started block, then a 40-byte footer', () => {
  assert.equal(HASH_BYTES, 8);
  assert.equal(FOOTER_BYTES, 40);
  assert.equal(framedFileBytes(0, 1024), 40);
  assert.equal(framedFileBytes(1, 1024), 1 + 8 + 40);
  assert.equal(framedFileBytes(1024, 1024), 1024 + 8 + 40);
  assert.equal(framedFileBytes(1025, 1024), 1025 + 16 + 40);
  assert.equal(blockCountOf(2049, 1024), 3);
  assert.equal(blockLengthOf(2, 1024, 2049), 1);
  assert.equal(blockLengthOf(1, 1024, 2049), 1024);
  assert.equal(blockFileOffset(3, 1024), 3 * 1032);
});

test('the frame is [XXH3-64 big-endian][block]... and every block reads back verified', async () => {
  const blockBytes = 64;
  for (const size of [0, 1, blockBytes - 1, blockBytes, blockBytes + 1, 5 * blockBytes + 3]) {
    const data = pattern(size, size);
    const file = framed(data, blockBytes);
    assert.equal(file.length, framedFileBytes(size, blockBytes));
    const hasher = new BlockHasher();
    const buffer = Buffer.alloc(HASH_BYTES + blockBytes);
    for (let i = 0; i < blockCountOf(size, blockBytes); i++) {
      const block = data.subarray(i * blockBytes, (i + 1) * blockBytes);
      // Independent check of the bytes on disk with the one-shot hash.
      assert.equal(file.readBigUInt64BE(blockFileOffset(i, blockBytes)), xxh3.xxh64(block));
      const got = await readFramedBlock(memoryFile(file), buffer, { blockIndex: i, blockBytes, blockLength: block.length }, hasher);
      assert.ok(Buffer.isBuffer(got));
      assert.deepEqual(got, block);
      assert.equal(got.buffer, buffer.buffer, "a view of the caller's buffer, not a copy");
    }
  }
});

test('a flipped byte in a block or its hash is a mismatch; a short file is truncated', async () => {
  const blockBytes = 16;
  const data = pattern(3 * blockBytes + 5, 1);
  const file = framed(data, blockBytes);
  const hasher = new BlockHasher();
  const buffer = Buffer.alloc(HASH_BYTES + blockBytes);
  for (const block of [0, 1, 3]) {
    const length = blockLengthOf(block, blockBytes, data.length);
    for (const within of [0, 7, HASH_BYTES, HASH_BYTES + length - 1]) {
      const bad = Buffer.from(file);
      const at = blockFileOffset(block, blockBytes) + within;
      bad[at] = bad[at]! ^ 0x10;
      assert.equal(
        await readFramedBlock(memoryFile(bad), buffer, { blockIndex: block, blockBytes, blockLength: length }, hasher),
        'mismatch',
        `block ${block} byte ${within}`,
      );
      // The other blocks still read.
      const other = block === 0 ? 1 : 0;
      assert.ok(
        Buffer.isBuffer(await readFramedBlock(memoryFile(bad), buffer, { blockIndex: other, blockBytes, blockLength: blockBytes }, hasher)),
      );
    }
  }
  const cut = file.subarray(0, blockFileOffset(3, blockBytes) + HASH_BYTES + 2);
  assert.equal(await readFramedBlock(memoryFile(cut), buffer, { blockIndex: 3, blockBytes, blockLength: 5 }, hasher), 'truncated');
  await assert.rejects(
    readFramedBlock(memoryFile(file), Buffer.alloc(4), { blockIndex: 0, blockBytes, blockLength: blockBytes }, hasher),
    RangeError,
  );
});

test('the footer keeps its bytes (existing shard files still read) and refuses any damage', async () => {
  const footer = { dataShards: 4, parityShards: 2, shardIndex: 5, stripeBytes: 1 << 20, sizeBytes: 300_001 };
  const bytes = encodeFooter(footer);
  // The bytes the erasure code wrote before the footer moved here (checked against that build).
  assert.equal(bytes.toString('hex'), '4c4f444553485244010402050010000000000000000493e10100000000000000609cf51a00000000');
  assert.deepEqual(decodeFooter(bytes), footer);
  assert.ok(hasFooterMagic(bytes));
  for (let i = 0; i < 36; i++) {
    const bad = Buffer.from(bytes);
    bad[i] = bad[i]! ^ 0x01;
    assert.equal(decodeFooter(bad), undefined, `byte ${i}`);
  }
  const file = Buffer.concat([pattern(100, 3), bytes]);
  assert.deepEqual(await readTail(memoryFile(file), file.length), bytes);
  assert.equal(await readTail(memoryFile(file), 39), undefined);
});
