import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, open, readFile, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xxh3 } from '@node-rs/xxhash';
import { LocalDrive } from '../drive/LocalDrive.js';
import { hourOf, newFileId } from '../drive/fileIds.js';
import { isStoreError } from '../StoreError.js';
import { BitrotDrive, type BitrotDriveOptions } from './BitrotDrive.js';
import { decodeFooter, FOOTER_BYTES } from './footer.js';
import { blockFileOffset, framedFileBytes, HASH_BYTES } from './frame.js';
import { flipByte } from '../../../test/support/flipByte.js';

const MiB = 1024 * 1024;

function pattern(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

interface Fixture {
  local: LocalDrive;
  drive: BitrotDrive;
  corrupt: Array<{ fileId: string; reason: string }>;
}

async function fixture(t: TestContext, options: Partial<BitrotDriveOptions> = {}): Promise<Fixture> {
  const root = await mkdtemp(join(tmpdir(), 'lode-bitrot-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const local = new LocalDrive(root);
  await mkdir(local.tmpDir, { recursive: true });
  await mkdir(local.dataDir, { recursive: true });
  const corrupt: Fixture['corrupt'] = [];
  const drive = new BitrotDrive(local, {
    rawFilesUntilHour: -1,
    onCorrupt: (fileId, reason) => corrupt.push({ fileId, reason }),
    ...options,
  });
  return { local, drive, corrupt };
}

/** Writes `data` through `drive` in chunks of varying sizes; the chunks are scribbled over after each append (callers may reuse them). */
async function write(drive: BitrotDrive | LocalDrive, data: Buffer, fileId?: string): Promise<string> {
  const staged = await drive.stage(fileId === undefined ? {} : { fileId });
  const sizes = [1, 7, 100, 4096, 65_536, 1_000_003];
  for (let at = 0, i = 0; at < data.length; i++) {
    const batch: Buffer[] = [];
    for (let n = 0; n < 1 + (i % 3) && at < data.length; n++) {
      const chunk = Buffer.from(data.subarray(at, at + sizes[(i + n) % sizes.length]!));
      batch.push(chunk);
      at += chunk.length;
    }
    await staged.append(batch);
    for (const chunk of batch) chunk.fill(0xee);
  }
  assert.equal(staged.sizeBytes, data.length);
  const part = await staged.commit();
  assert.equal(part.sizeBytes, data.length, 'the engine records logical sizes');
  return part.fileId;
}

/** The whole file through readChunks (the GET path), checking each chunk stays within its block. */
async function readAll(drive: BitrotDrive, fileId: string, chunkBytes = MiB): Promise<Buffer> {
  const file = await drive.open(fileId);
  try {
    const size = await file.sizeBytes();
    const parts: Buffer[] = [];
    for (let position = 0; position < size;) {
      const chunks = await file.readChunks(position, chunkBytes);
      assert.ok(chunks.length > 0, `no bytes at ${position} of ${size}`);
      for (const chunk of chunks) {
        parts.push(Buffer.from(chunk));
        position += chunk.length;
      }
    }
    assert.deepEqual(await file.readChunks(size, chunkBytes), []);
    return Buffer.concat(parts);
  } finally {
    await file.close();
  }
}

function isCorrupted(fileId: string, what: RegExp): (err: unknown) => boolean {
  return (err) => {
    assert.ok(isStoreError(err), String(err));
    assert.equal(err.code, 'DataCorrupted');
    assert.ok(err.message.includes(fileId), err.message);
    assert.match(err.message, what);
    return true;
  };
}

test('round trip of every size around a block: the file on disk is a 1+0 shard file', async (t) => {
  const blockBytes = 4096;
  const { local, drive } = await fixture(t, { blockBytes });
  for (const size of [0, 1, blockBytes - 1, blockBytes, blockBytes + 1, 3 * blockBytes + 17]) {
    const data = pattern(size, size);
    const fileId = await write(drive, data);
    const onDisk = await readFile(local.pathOf(fileId));
    assert.equal(onDisk.length, framedFileBytes(size, blockBytes), `size ${size}`);
    assert.deepEqual(decodeFooter(onDisk.subarray(onDisk.length - FOOTER_BYTES)), {
      dataShards: 1,
      parityShards: 0,
      shardIndex: 0,
      stripeBytes: blockBytes,
      sizeBytes: size,
    });
    if (size > 0) assert.equal(onDisk.readBigUInt64BE(0), xxh3.xxh64(data.subarray(0, blockBytes)));
    assert.deepEqual(await readAll(drive, fileId), data, `readChunks, size ${size}`);
    assert.deepEqual(await readAll(drive, fileId, 1000), data, `short readChunks, size ${size}`);
    // read() (pread semantics: may return less than asked) gives the same bytes.
    const file = await drive.open(fileId);
    assert.equal(await file.sizeBytes(), size);
    const out = Buffer.alloc(size);
    for (let position = 0; position < size;) {
      const n = await file.read(out, position, Math.min(777, size - position), position);
      assert.ok(n > 0);
      position += n;
    }
    assert.equal(await file.read(Buffer.alloc(1), 0, 1, size), 0);
    await file.close();
    assert.deepEqual(out, data);
  }
});

test('several MiB at the default block size: one readChunks per 1 MiB block, views of pooled memory', async (t) => {
  const { drive } = await fixture(t);
  const data = pattern(5 * MiB + 12_345, 9);
  const fileId = await write(drive, data);
  const file = await drive.open(fileId);
  const chunks = await file.readChunks(0, MiB);
  assert.equal(chunks.length, 1);
  assert.equal(chunks[0]!.length, MiB);
  assert.equal(chunks[0]!.byteOffset, HASH_BYTES, 'the data block itself, behind its hash: no copy');
  await file.close();
  assert.deepEqual(await readAll(drive, fileId), data);
});

test('a flipped byte in a block or its hash: that block is refused and reported, the blocks before it read', async (t) => {
  const blockBytes = 4096;
  const { local, drive, corrupt } = await fixture(t, { blockBytes });
  const data = pattern(4 * blockBytes + 100, 3);
  const fileId = await write(drive, data);
  const path = local.pathOf(fileId);
  for (const [block, within] of [
    [0, 0],
    [0, HASH_BYTES + 5],
    [2, 3],
    [4, HASH_BYTES + 99],
  ] as const) {
    await flipByte(path, blockFileOffset(block, blockBytes) + within);
    const file = await drive.open(fileId);
    for (let earlier = 0; earlier < block; earlier++) {
      const [chunk] = await file.readChunks(earlier * blockBytes, blockBytes);
      assert.deepEqual(chunk, data.subarray(earlier * blockBytes, (earlier + 1) * blockBytes));
    }
    await assert.rejects(file.readChunks(block * blockBytes, blockBytes), isCorrupted(fileId, new RegExp(`bitrot in block ${block}\\b`)));
    await assert.rejects(file.read(Buffer.alloc(10), 0, 10, block * blockBytes + 1), isCorrupted(fileId, new RegExp(`block ${block}\\b`)));
    await file.close();
    assert.equal(corrupt.at(-1)?.fileId, fileId);
    await flipByte(path, blockFileOffset(block, blockBytes) + within); // repaired for the next case
    assert.deepEqual(await readAll(drive, fileId), data);
  }
});

test('a damaged footer, a truncated or lengthened file is refused at open', async (t) => {
  const blockBytes = 4096;
  const { local, drive, corrupt } = await fixture(t, { blockBytes });
  const data = pattern(2 * blockBytes + 1, 5);
  const fileId = await write(drive, data);
  const path = local.pathOf(fileId);
  const size = (await stat(path)).size;
  // Inside the footer (after its magic): the checksum fails.
  for (const at of [9, 12, 20, 33]) {
    await flipByte(path, size - FOOTER_BYTES + at);
    await assert.rejects(drive.open(fileId), isCorrupted(fileId, /footer/));
    await flipByte(path, size - FOOTER_BYTES + at);
  }
  // In the magic: no footer at all, and the file is newer than any raw file.
  await flipByte(path, size - FOOTER_BYTES);
  await assert.rejects(drive.open(fileId), isCorrupted(fileId, /no footer/));
  await flipByte(path, size - FOOTER_BYTES);
  // Lengthened: the footer no longer ends where it says.
  const longer = await write(drive, data);
  const original = await readFile(local.pathOf(longer));
  const handle = await open(local.pathOf(longer), 'r+');
  await handle.write(Buffer.concat([original.subarray(0, 100), Buffer.from([1, 2, 3]), original.subarray(100)]), 0);
  await handle.close();
  await assert.rejects(drive.open(longer), isCorrupted(longer, /bytes long/));
  // Truncated: the footer is gone.
  await truncate(path, size - 1);
  await assert.rejects(drive.open(fileId), isCorrupted(fileId, /no footer/));
  await truncate(path, 10);
  await assert.rejects(drive.open(fileId), isCorrupted(fileId, /no footer/));
  assert.ok(corrupt.length >= 7);
  assert.deepEqual(await readAll(drive, await write(drive, data)), data, 'the drive still works');
});

test('raw files written before framing are served up to the watermark, refused after it', async (t) => {
  const hour = hourOf(Date.UTC(2024, 0, 1));
  const { local, drive } = await fixture(t, { rawFilesUntilHour: hour });
  const data = pattern(3 * MiB + 5, 11);
  // The old code path: bytes straight to the LocalDrive, no hashes, no footer.
  const legacy = await write(local, data, newFileId(Date.UTC(2024, 0, 1, 0, 30)));
  const older = await write(local, data.subarray(0, 10), newFileId(Date.UTC(2023, 5, 1)));
  const later = await write(local, data, newFileId(Date.UTC(2024, 0, 1, 1, 0)));
  const file = await drive.open(legacy);
  assert.equal(file.unverified, true);
  assert.equal(await file.sizeBytes(), data.length);
  await file.close();
  assert.deepEqual(await readAll(drive, legacy), data);
  assert.deepEqual(await readAll(drive, older), data.subarray(0, 10));
  await assert.rejects(drive.open(later), isCorrupted(later, /no footer/));
  // Framed files of any hour are framed (verified), old hours included.
  const framed = await write(drive, data, newFileId(Date.UTC(2023, 0, 1)));
  const framedFile = await drive.open(framed);
  assert.notEqual(framedFile.unverified, true);
  await framedFile.close();
  assert.deepEqual(await readAll(drive, framed), data);
  // A brand-new drive (-1) serves no raw file at all.
  const strict = new BitrotDrive(local, { rawFilesUntilHour: -1 });
  await assert.rejects(strict.open(older), isCorrupted(older, /no footer/));
});

test('a missing file is ENOENT, as from the drive below', async (t) => {
  const { drive } = await fixture(t);
  await assert.rejects(drive.open(newFileId()), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
});
