// prepareStorage and openStorage on one drive, on real temp directories: the
// layout, refusing what is not ours, and the clean-up after interrupted
// writes. (Many drives go through the same prepare: test/e2e/erasure*.)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { LocalDrive } from '../drive/index.js';
import { newFileId } from '../drive/fileIds.js';
import { LmdbIndex, fileKey } from '../meta/index.js';
import type { ObjectStore } from '../ObjectStore.js';
import type { StoreAdmin } from '../StoreAdmin.js';
import { INDEX_DIR } from '../engine/paths.js';
import { createObjectStore, openStorage, prepareStorage } from './index.js';

const prepareOne = async (dir: string) => (await prepareStorage([dir])).report;
const openOne = (dir: string, options: { inlineThresholdBytes?: number } = {}): Promise<ObjectStore & StoreAdmin> =>
  createObjectStore([dir], options);

const signal = new AbortController().signal;
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lode-prepare-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function put(store: ObjectStore, key: string, bytes: Buffer): Promise<void> {
  const digests = { md5: createHash('md5').update(bytes).digest(), sizeBytes: bytes.length };
  await store.putObject(
    { bucket: 'b', key, body: Readable.from([bytes]), digests: () => digests, sizeBytes: bytes.length, metadata: { userMetadata: {} } },
    signal,
  );
}

/** Every file in data/ (committed object and part files). */
async function dataFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const fileId of new LocalDrive(dir).dataFiles(0)) out.push(fileId);
  return out;
}

describe('prepareStorage of one drive', () => {
  it('creates the layout and format.json, and keeps the identity on later runs', async () => {
    const dir = join(await tempDir(), 'new', 'nested');
    await prepareOne(dir);
    const format = JSON.parse(await readFile(join(dir, '.lode', 'format.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(format['format'], 'lode-drive');
    assert.equal(format['formatVersion'], 1);
    assert.match(String(format['driveId']), /^[0-9a-f-]{36}$/);
    assert.deepEqual(format['layout'], { sets: [[format['driveId']]], dataShards: 1, parityShards: 0, placement: 'crc32c-mod-v1' });
    assert.deepEqual((await readdir(dir)).sort(), ['.lode', 'data']);
    assert.deepEqual((await readdir(join(dir, '.lode'))).sort(), ['format.json', 'index', 'tmp']);
    await prepareOne(dir);
    const again = JSON.parse(await readFile(join(dir, '.lode', 'format.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(again, format);
  });

  it('refuses foreign, newer and broken directories with actionable messages', async () => {
    const foreign = await tempDir();
    await writeFile(join(foreign, 'photo.jpg'), 'not ours');
    await assert.rejects(prepareOne(foreign), /not empty and was not formatted by Lode.*photo\.jpg/);
    const minio = await tempDir();
    await mkdir(join(minio, '.minio.sys'));
    await assert.rejects(prepareOne(minio), /MinIO/);
    const other = await tempDir();
    await mkdir(join(other, '.lode'));
    await writeFile(join(other, '.lode', 'format.json'), JSON.stringify({ format: 'something-else', formatVersion: 1 }));
    await assert.rejects(prepareOne(other), /not written by Lode/);
    const newer = await tempDir();
    await prepareOne(newer);
    const formatPath = join(newer, '.lode', 'format.json');
    const format = JSON.parse(await readFile(formatPath, 'utf8')) as Record<string, unknown>;
    await writeFile(formatPath, JSON.stringify({ ...format, formatVersion: 99 }));
    await assert.rejects(prepareOne(newer), /newer Lode \(format version 99/);
    await assert.rejects(openOne(newer), /newer Lode/);
    const file = join(await tempDir(), 'a-file');
    await writeFile(file, 'x');
    await assert.rejects(prepareOne(file), /is not a directory/);
    const mine = await prepareStorage([await tempDir()]);
    const theirs = await prepareStorage([await tempDir()]);
    const mixed = { ...mine, slots: [[{ ...mine.slots[0]![0]!, path: theirs.slots[0]![0]!.path! }]] };
    await assert.rejects(openStorage(mixed), /does not belong to drive/);
  });

  it('refuses to start when the index is gone but data files exist (instead of deleting them)', async () => {
    const dir = await tempDir();
    await prepareOne(dir);
    const store = await openOne(dir);
    await store.createBucket({ bucket: 'b', region: 'r' }, signal);
    await put(store, 'big', Buffer.alloc(300_000, 1));
    await store.close();
    await rm(join(dir, INDEX_DIR), { recursive: true });
    await assert.rejects(prepareOne(dir), /index .* is missing or empty .* refusing/);
    assert.equal((await dataFiles(dir)).length, 1);
  });

  it('removes staging leftovers, unreferenced data files and pending garbage, and keeps referenced files', async () => {
    const dir = await tempDir();
    await prepareOne(dir);
    const store = await openOne(dir);
    await store.createBucket({ bucket: 'b', region: 'r' }, signal);
    const kept = Buffer.alloc(300_000, 7);
    await put(store, 'kept', kept);
    await store.close();
    const drive = new LocalDrive(dir);
    // A write interrupted before its rename...
    await writeFile(join(drive.tmpDir, newFileId()), 'half written');
    await mkdir(join(drive.tmpDir, 'some-dir'));
    // ...one interrupted between rename and index commit...
    const orphan = await drive.stage();
    await orphan.append([Buffer.from('committed to data/ but never to the index')]);
    await orphan.commit();
    // ...and one replaced object whose unlink never happened.
    const replaced = await drive.stage();
    await replaced.append([Buffer.from('old version')]);
    await replaced.commit();
    const index = LmdbIndex.open(join(dir, INDEX_DIR));
    await index.transact((txn) => txn.put('garbage', fileKey(replaced.fileId), { sinceMs: Date.now() }));
    await index.close();
    assert.equal((await dataFiles(dir)).length, 3);

    const plan = await prepareStorage([dir]);
    assert.deepEqual(plan.report, { stagingEntriesRemoved: 2, garbageFilesRemoved: 1, unreferencedFilesRemoved: 1 });
    assert.deepEqual(await readdir(drive.tmpDir), []);
    assert.equal((await dataFiles(dir)).length, 1);
    // The plan is what the primary hands its workers: plain data.
    const reopened = await openStorage(JSON.parse(JSON.stringify(plan)) as typeof plan);
    const got = await reopened.getObject({ bucket: 'b', key: 'kept' }, signal);
    const chunks: Buffer[] = [];
    for await (const chunk of got.body as AsyncIterable<Buffer>) chunks.push(chunk);
    assert.ok(Buffer.concat(chunks).equals(kept));
    await reopened.close();
  });

  it('unlinks the files of replaced and deleted objects and of aborted or unlisted parts', async () => {
    const dir = await tempDir();
    await prepareOne(dir);
    const store = await openOne(dir);
    await store.createBucket({ bucket: 'b', region: 'r' }, signal);
    for (let i = 0; i < 3; i++) await put(store, 'rewritten', Buffer.alloc(200_000, i));
    await put(store, 'deleted', Buffer.alloc(200_000, 9));
    await store.deleteObject({ bucket: 'b', key: 'deleted' }, signal);
    await put(store, 'shrunk', Buffer.alloc(200_000, 9));
    await put(store, 'shrunk', Buffer.from('small now'));
    const part = (uploadId: string, partNumber: number): Promise<unknown> => {
      const bytes = Buffer.alloc(10, partNumber);
      const digests = { md5: createHash('md5').update(bytes).digest(), sizeBytes: bytes.length };
      return store.uploadPart(
        { bucket: 'b', key: 'mp', uploadId, partNumber, body: Readable.from([bytes]), digests: () => digests },
        signal,
      );
    };
    const aborted = await store.createMultipartUpload({ bucket: 'b', key: 'mp', metadata: { userMetadata: {} } }, signal);
    await part(aborted.uploadId, 1);
    await store.abortMultipartUpload({ bucket: 'b', key: 'mp', uploadId: aborted.uploadId }, signal);
    const completed = await store.createMultipartUpload({ bucket: 'b', key: 'mp', metadata: { userMetadata: {} } }, signal);
    await part(completed.uploadId, 1);
    await part(completed.uploadId, 1); // replaced part
    await part(completed.uploadId, 2); // not listed
    const parts = await store.listParts({ bucket: 'b', key: 'mp', uploadId: completed.uploadId, maxParts: 10 }, signal);
    const first = parts.parts[0];
    assert.ok(first !== undefined);
    await store.completeMultipartUpload(
      { bucket: 'b', key: 'mp', uploadId: completed.uploadId, parts: [{ partNumber: 1, etag: first.etag }] },
      signal,
    );
    await store.close(); // waits for background unlinks
    // Live files: 'rewritten' (one) and 'mp' part 1.
    assert.equal((await dataFiles(dir)).length, 2);
    const report = await prepareOne(dir);
    assert.deepEqual(report, { stagingEntriesRemoved: 0, garbageFilesRemoved: 0, unreferencedFilesRemoved: 0 });
  });

  it('rejects an invalid inline threshold', async () => {
    const dir = await tempDir();
    await prepareOne(dir);
    await assert.rejects(openOne(dir, { inlineThresholdBytes: -1 }), /inlineThresholdBytes/);
  });
  it('plans one drive as one set of one drive, served and described as a single drive', async () => {
    const dir = await tempDir();
    const plan = await prepareStorage([dir]);
    assert.equal(plan.layout.sets.length, 1);
    assert.equal(plan.layout.setSize, 1);
    assert.deepEqual(plan.layout.parity, { standard: 0, reducedRedundancy: 0 });
    assert.deepEqual(plan.slots, [[{ path: dir, driveId: plan.layout.sets[0]![0]!, state: 'ok' }]]);
    assert.deepEqual(plan.notices, []);
    const store = await openStorage(plan);
    try {
      const info = await store.info(signal);
      assert.equal(info.mode, 'single-drive');
      assert.equal(info.deploymentId, plan.layout.deploymentId);
      assert.equal(info.sets[0]?.drives[0]?.path, dir);
    } finally {
      await store.close();
    }
  });
});
