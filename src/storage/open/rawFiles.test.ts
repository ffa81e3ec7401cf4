// Data files on one drive carry block hashes (BitrotDrive); directories
// written before that hold raw files, which keep working. prepareStorage
// records which files may be raw (rawFilesUntilHour), the store reads by it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, it } from 'node:test';
import { framedFileBytes, HASH_BYTES } from '../bitrot/index.js';
import { LocalDrive } from '../drive/index.js';
import { LmdbIndex } from '../meta/index.js';
import { createObjectStore, openStorage, prepareStorage, type ObjectStore, type StoreAdmin } from '../index.js';
import { isStoreError } from '../StoreError.js';
import { INDEX_DIR } from '../engine/paths.js';

const signal = new AbortController().signal;
const dirs: string[] = [];
/** What the stores reported through onBackgroundError (the process log). */
const logged: string[] = [];
const options = { onBackgroundError: (err: unknown) => void logged.push(String(err)) };
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function freshStore(): Promise<{ dir: string; store: ObjectStore & StoreAdmin }> {
  const dir = await mkdtemp(join(tmpdir(), 'lode-raw-'));
  dirs.push(dir);
  const store = await createObjectStore([dir], options);
  await store.createBucket({ bucket: 'b', region: 'r' }, signal);
  return { dir, store };
}

async function put(store: ObjectStore, key: string, bytes: Buffer): Promise<void> {
  const digests = { md5: createHash('md5').update(bytes).digest(), sizeBytes: bytes.length };
  await store.putObject(
    { bucket: 'b', key, body: Readable.from([bytes]), digests: () => digests, sizeBytes: bytes.length, metadata: { userMetadata: {} } },
    signal,
  );
}

async function get(store: ObjectStore, key: string): Promise<Buffer> {
  const { body } = await store.getObject({ bucket: 'b', key }, signal);
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(parts);
}

/** The one data file of the drive. */
async function onlyDataFile(dir: string): Promise<string> {
  const ids: string[] = [];
  for await (const id of new LocalDrive(dir).dataFiles(0)) ids.push(id);
  assert.equal(ids.length, 1);
  return new LocalDrive(dir).pathOf(ids[0]!);
}

async function sysWatermark(dir: string): Promise<number | undefined> {
  const index = LmdbIndex.open(join(dir, INDEX_DIR));
  try {
    return index.getSys('rawFilesUntilHour');
  } finally {
    await index.close();
  }
}

const bytes = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 7 }, (_, i) => (i * 7 + (i >> 10)) & 0xff));

it('a new drive frames every data file and serves no raw one; a damaged block is refused before the stream starts', async () => {
  const { dir, store } = await freshStore();
  await put(store, 'k', bytes);
  const path = await onlyDataFile(dir);
  assert.equal((await stat(path)).size, framedFileBytes(bytes.length, 1024 * 1024));
  assert.deepEqual(await get(store, 'k'), bytes);
  const handle = await open(path, 'r+');
  await handle.write(Buffer.from([0xff ^ bytes[5]!]), 0, 1, HASH_BYTES + 5);
  await handle.close();
  await assert.rejects(
    store.getObject({ bucket: 'b', key: 'k' }, signal),
    (err: unknown) => isStoreError(err) && err.code === 'DataCorrupted' && /bitrot in block 0/.test(err.message),
  );
  assert.ok(
    logged.some((line) => line.includes(path.slice(-30)) && line.includes('bitrot in block 0')),
    logged.join('\n'),
  );
  const result = await store.heal({}, signal);
  assert.equal(result.failed, 1);
  assert.match(result.failures[0]?.reason ?? '', /bitrot in block 0/);
  // A raw file (footer gone) on a drive that never held raw files is refused too.
  await writeFile(path, bytes);
  await assert.rejects(
    store.getObject({ bucket: 'b', key: 'k' }, signal),
    (err: unknown) => isStoreError(err) && err.code === 'DataCorrupted' && /no footer/.test(err.message),
  );
  await store.close();
  assert.equal(await sysWatermark(dir), -1);
});

it('a drive written before framing keeps serving its raw files; heal counts them as unverified', async () => {
  const { dir, store } = await freshStore();
  await put(store, 'old', bytes);
  await store.close();
  // What the earlier build left: the object's bytes raw in its data file, and an index that never heard of the watermark.
  await writeFile(await onlyDataFile(dir), bytes);
  const index = LmdbIndex.open(join(dir, INDEX_DIR));
  await index.transact((txn) => txn.remove('sys', Buffer.from('rawFilesUntilHour')));
  await index.close();
  assert.equal(await sysWatermark(dir), undefined);

  const plan = await prepareStorage([dir]);
  const watermark = await sysWatermark(dir);
  assert.ok(watermark !== undefined && watermark > 0, 'an existing drive: raw files up to now');
  const upgraded = await openStorage(plan, options);
  assert.deepEqual(await get(upgraded, 'old'), bytes);
  await put(upgraded, 'new', bytes);
  assert.deepEqual(await get(upgraded, 'new'), bytes);
  const result = await upgraded.heal({}, signal);
  assert.equal(result.failed, 0, JSON.stringify(result.failures));
  assert.equal(result.scanned, 2);
  assert.equal(result.unverifiedFiles, 1);
  await upgraded.close();
  await prepareStorage([dir]);
  assert.equal(await sysWatermark(dir), watermark, 'recorded once, never moved');
});
