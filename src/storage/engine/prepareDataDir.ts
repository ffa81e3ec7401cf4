// Preparing a drive before any worker opens it (primary process, once per
// start): create or validate the layout, refuse what is not ours, and clean
// up after interrupted writes. Safe to run again at any time no writer is
// running; never deletes a file some index record references.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FORMAT_FILE, FORMAT_NAME, FORMAT_VERSION, LocalDrive, PRIVATE_DIR_MODE, hourOf, makePrivateDirs, probeWritable, readFormat, writeFormat, type DriveFormat } from '../drive/index.js';
import { codeOf } from '../drive/errors.js';
import { fileKey, LmdbIndex, type MetaIndex } from '../meta/index.js';
import { migrateIndex } from './migrateIndex.js';
import { INDEX_DIR } from './paths.js';

export interface PrepareReport {
  /** Entries deleted from .lode/tmp (interrupted writes). */
  stagingEntriesRemoved: number;
  /** Replaced or deleted files whose unlink had not happened yet. */
  garbageFilesRemoved: number;
  /** Files in data/ no record references (a crash between rename and commit). */
  unreferencedFilesRemoved: number;
}

export async function prepareDataDir(dir: string): Promise<PrepareReport> {
  const root = resolve(dir);
  await ensureDirectory(root);
  const existing = await readFormat(root);
  if (existing === undefined) await refuseForeign(root);
  try {
    await makePrivateDirs(root, [join('.lode', 'tmp'), INDEX_DIR, 'data']);
  } catch (err) {
    throw new Error(`Cannot create the directories of ${root}: ${describe(err)}. Check that ${root} is writable by this user.`);
  }
  const drive = new LocalDrive(root);
  await probeWritable(drive.tmpDir, root);
  const stagingEntriesRemoved = await drive.clearStaging();

  const index = LmdbIndex.open(join(root, INDEX_DIR));
  try {
    await adoptIdentity(index, drive, root, existing);
    await recordRawFilesWatermark(index, existing === undefined);
    await migrateIndex(index);
    const garbageFilesRemoved = await removeGarbage(index, drive);
    const unreferencedFilesRemoved = await removeUnreferenced(index, drive);
    return { stagingEntriesRemoved, garbageFilesRemoved, unreferencedFilesRemoved };
  } finally {
    await index.close();
  }
}

async function ensureDirectory(root: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(root)).isDirectory();
  } catch (err) {
    if (codeOf(err) !== 'ENOENT') throw new Error(`Cannot use ${root}: ${describe(err)}.`);
    try {
      await mkdir(root, { recursive: true, mode: PRIVATE_DIR_MODE });
    } catch (mkdirErr) {
      throw new Error(`Cannot create the data directory ${root}: ${describe(mkdirErr)}.`);
    }
    return;
  }
  if (!isDirectory) throw new Error(`${root} is not a directory: point Lode at a directory for its data.`);
}

/** A directory without format.json must be empty, or hold only what an interrupted first prepare left. */
async function refuseForeign(root: string): Promise<void> {
  const entries = await readdir(root);
  if (entries.includes('.minio.sys')) {
    throw new Error(`${root} holds MinIO data (.minio.sys): Lode does not read other servers' formats. Use an empty directory and copy the objects over S3.`);
  }
  const ours = entries.includes('.lode');
  const foreign = entries.filter((name) => !(name === '.lode' || (ours && name === 'data')));
  if (foreign.length > 0) {
    throw new Error(`${root} is not empty and was not formatted by Lode (no ${FORMAT_FILE}; found ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}): refusing to use it. Point Lode at an empty directory or an existing Lode data directory.`);
  }
}

/** Ties index and format.json together; on a fresh drive, creates both (format.json last: it marks the drive as formatted). */
async function adoptIdentity(index: MetaIndex, drive: LocalDrive, root: string, existing: DriveFormat | undefined): Promise<void> {
  const identity = index.getSys('drive');
  if (existing !== undefined) {
    if (identity === undefined) {
      for await (const _ of drive.dataFiles(0)) {
        throw new Error(`The index in ${join(root, INDEX_DIR)} is missing or empty but ${join(root, 'data')} holds object files: refusing to start (it would delete them). Restore the index from a backup, or heal the drive from its erasure set.`);
      }
      await index.transact((txn) => txn.putSys('drive', { deploymentId: existing.deploymentId, driveId: existing.driveId }));
    } else if (identity.driveId !== existing.driveId) {
      throw new Error(`The index in ${join(root, INDEX_DIR)} belongs to drive ${identity.driveId}, not ${existing.driveId} (format.json): refusing to mix drives.`);
    }
    return;
  }
  // First prepare (or one interrupted before format.json was written): reuse the ids if the index has them.
  const ids = identity ?? { deploymentId: randomUUID(), driveId: randomUUID() };
  if (identity === undefined) await index.transact((txn) => txn.putSys('drive', ids));
  const format: DriveFormat = {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    deploymentId: ids.deploymentId,
    driveId: ids.driveId,
    layout: { sets: [[ids.driveId]], dataShards: 1, parityShards: 0, placement: 'crc32c-mod-v1' },
    createdAt: new Date().toISOString(),
  };
  await writeFormat(root, format, drive.tmpDir);
}

/**
 * Which data files may be raw (written before files were framed with block
 * hashes): none on a new drive; on a drive that has served before without
 * this mark, any staged up to this hour. Recorded once, never moved.
 */
async function recordRawFilesWatermark(index: MetaIndex, freshDrive: boolean): Promise<void> {
  if (index.getSys('rawFilesUntilHour') !== undefined) return;
  const untilHour = freshDrive ? -1 : hourOf(Date.now());
  await index.transact((txn) => txn.putSys('rawFilesUntilHour', untilHour));
}

async function removeGarbage(index: MetaIndex, drive: LocalDrive): Promise<number> {
  const fileIds: string[] = [];
  for (const { key } of index.range('garbage', { start: Buffer.alloc(0), end: Buffer.from([0xff]) })) fileIds.push(key.toString('latin1'));
  for (const fileId of fileIds) await drive.remove(fileId);
  if (fileIds.length > 0) {
    await index.transact((txn) => {
      for (const fileId of fileIds) txn.remove('garbage', fileKey(fileId));
    });
  }
  return fileIds.length;
}

/**
 * Deletes files in data/ that no record references: written by a write
 * that crashed before its index commit. Only hours since the last prepare
 * are scanned (minus one hour of clock slack): earlier files were checked then.
 */
async function removeUnreferenced(index: MetaIndex, drive: LocalDrive): Promise<number> {
  const startedHour = hourOf(Date.now());
  const fromHour = Math.max(0, (index.getSys('scannedFromHour') ?? 0) - 1);
  let removed = 0;
  for await (const fileId of drive.dataFiles(fromHour)) {
    if (index.get('files', fileKey(fileId)) !== undefined) continue;
    await drive.remove(fileId);
    removed++;
  }
  await index.transact((txn) => txn.putSys('scannedFromHour', startedHour));
  return removed;
}

function describe(err: unknown): string {
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
