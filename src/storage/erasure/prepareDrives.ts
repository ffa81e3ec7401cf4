// Preparing a multi-drive node before any worker opens it (primary process,
// once per start): recognise each directory by its format.json whatever its
// path, format new or replacement drives, refuse foreign ones, and clean up
// after interrupted writes. The result, a plain serialisable plan, tells the
// workers which directory is which slot of which erasure set.
import { pathExists } from '../../util/pathExists.js';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LocalDrive, PRIVATE_FILE_MODE, hourOf, makePrivateDirs, probeWritable, writeFormat } from '../drive/index.js';
import { fileKey, LmdbIndex } from '../meta/index.js';
import { formatFor, probeDrives, reconcileDrives, type Layout, type PlanOptions } from '../layout/index.js';
import type { DriveState } from '../StoreAdmin.js';
import { INDEX_DIR } from '../engine/paths.js';
import { migrateIndex } from '../engine/migrateIndex.js';

/** Present while a replacement drive is being rebuilt; removed when healing completes. */
export const HEALING_MARKER = join('.lode', 'healing');

export interface SlotPlan {
  /** The directory serving this slot now, or undefined when no drive was found for it. */
  path?: string;
  driveId: string;
  state: DriveState;
  reason?: string;
}

export interface ErasurePlan {
  layout: Layout;
  /** slots[setIndex][driveIndex]. */
  slots: SlotPlan[][];
  /** What a person should know (missing drives, skipped directories, formatted replacements). */
  notices: string[];
}

export async function prepareDrives(paths: readonly string[], options: PlanOptions = {}): Promise<ErasurePlan> {
  const reconciliation = reconcileDrives(await probeDrives(paths), options);
  const { layout } = reconciliation;
  const notices: string[] = [];
  const slots: SlotPlan[][] = layout.sets.map((set) => set.map((driveId) => ({ driveId, state: 'offline' as DriveState, reason: 'no directory holds this drive' })));

  const formatted = [];
  for (const drive of reconciliation.toFormat) {
    const root = resolve(drive.path);
    // A new deployment creates its directories; a lost drive's path that is
    // gone altogether (an unmounted disk) is never recreated on whatever lies
    // beneath it: someone must put an empty directory or disk there.
    if (!reconciliation.fresh && !(await pathExists(root))) {
      notices.push(`${root} does not exist: drive ${drive.driveIndex + 1} of set ${drive.setIndex + 1} is missing (create or mount an empty directory there, then run 'lode admin heal').`);
      // Keep the path: 'lode admin heal' formats the directory once it exists, without a restart.
      slots[drive.setIndex]![drive.driveIndex] = { path: root, driveId: drive.driveId, state: 'offline', reason: `${root} does not exist` };
      continue;
    }
    await formatDrive(root, layout, drive.driveId, !reconciliation.fresh);
    formatted.push(drive);
    if (!reconciliation.fresh) notices.push(`${root} was empty: formatted as drive ${drive.driveIndex + 1} of set ${drive.setIndex + 1}; healing will rebuild it.`);
  }
  for (const drive of [...reconciliation.online, ...formatted]) {
    const root = resolve(drive.path);
    const healing = await pathExists(join(root, HEALING_MARKER));
    slots[drive.setIndex]![drive.driveIndex] = { path: root, driveId: drive.driveId, state: healing ? 'healing' : 'ok' };
  }
  for (const missing of reconciliation.missing) notices.push(`drive ${missing.driveIndex + 1} of set ${missing.setIndex + 1} (${missing.driveId}) was not found: running without it.`);
  for (const skipped of reconciliation.skipped) notices.push(`${skipped.path} skipped: ${skipped.reason}`);

  for (const [setIndex, set] of slots.entries()) {
    await cleanSet(set, setIndex, notices);
    const online = set.filter((s) => s.state === 'ok' || s.state === 'healing').length;
    const needed = layout.setSize - layout.parity.standard;
    if (online < needed) {
      throw new Error(
        `Erasure set ${setIndex + 1} has ${online} of its ${layout.setSize} drives; at least ${needed} are needed to read its data. ` +
          `Missing: ${set.filter((s) => s.state === 'offline').map((s) => s.path ?? s.driveId).join(', ')}.`,
      );
    }
  }
  return { layout, slots, notices };
}

/** A new or replacement drive: directories, index identity, then format.json last (it marks the drive as formatted). */
export async function formatDrive(root: string, layout: Layout, driveId: string, replacement: boolean): Promise<void> {
  try {
    await makePrivateDirs(root, [join('.lode', 'tmp'), INDEX_DIR, 'data']);
  } catch (err) {
    throw new Error(`Cannot create the directories of ${root}: ${(err as Error).message}. Check that ${root} is writable.`);
  }
  const index = LmdbIndex.open(join(root, INDEX_DIR));
  try {
    await index.transact((txn) => {
      txn.putSys('drive', { deploymentId: layout.deploymentId, driveId });
      txn.putSys('generation', 0);
    });
  } finally {
    await index.close();
  }
  if (replacement) await writeFile(join(root, HEALING_MARKER), `${new Date().toISOString()}\n`, { mode: PRIVATE_FILE_MODE });
  await writeFormat(root, formatFor(layout, driveId, new Date().toISOString()), join(root, '.lode', 'tmp'));
}


/**
 * Per set, with every online drive's index open at once: empty staging,
 * unlink files marked as garbage on any replica, and delete data files no
 * replica references (written by a write that crashed before its commit).
 * A replica that missed writes may not know a file the others reference,
 * so a file is kept when any replica knows it.
 */
async function cleanSet(set: SlotPlan[], setIndex: number, notices: string[]): Promise<void> {
  const open: Array<{ slot: SlotPlan; drive: LocalDrive; index: LmdbIndex }> = [];
  try {
    for (const slot of set) {
      if (slot.path === undefined || slot.state === 'offline') continue;
      const drive = new LocalDrive(slot.path);
      try {
        await probeWritable(drive.tmpDir, slot.path);
        await drive.clearStaging();
        const index = LmdbIndex.open(join(slot.path, INDEX_DIR));
        const identity = index.getSys('drive');
        if (identity !== undefined && identity.driveId !== slot.driveId) {
          await index.close();
          throw new Error(`the index belongs to drive ${identity.driveId}, not ${slot.driveId}`);
        }
        open.push({ slot, drive, index });
      } catch (err) {
        slot.state = 'offline';
        slot.reason = (err as Error).message;
        notices.push(`drive ${slot.path} of set ${setIndex + 1} is out of rotation: ${slot.reason}`);
      }
    }
    const known = (fileId: string): boolean => open.some((o) => o.index.get('files', fileKey(fileId)) !== undefined);
    const garbage = new Set<string>();
    for (const o of open) for (const { key } of o.index.range('garbage', { start: Buffer.alloc(0), end: Buffer.from([0xff]) })) garbage.add(key.toString('latin1'));
    for (const fileId of garbage) for (const o of open) await o.drive.remove(fileId);
    const startedHour = hourOf(Date.now());
    for (const o of open) await migrateIndex(o.index);
    for (const o of open) {
      if (garbage.size > 0) await o.index.transact((txn) => { for (const fileId of garbage) txn.remove('garbage', fileKey(fileId)); });
      const fromHour = Math.max(0, (o.index.getSys('scannedFromHour') ?? 0) - 1);
      for await (const fileId of o.drive.dataFiles(fromHour)) if (!known(fileId)) await o.drive.remove(fileId);
      await o.index.transact((txn) => txn.putSys('scannedFromHour', startedHour));
    }
  } finally {
    for (const o of open) await o.index.close();
  }
}
