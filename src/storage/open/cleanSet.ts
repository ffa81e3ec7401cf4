// The clean-up after interrupted writes, per erasure set, with every online
// drive's index open at once (primary process, no writer running): empty
// staging, unlink files marked as garbage on any replica, and delete data
// files no replica references (written by a write that crashed before its
// commit). A replica that missed writes may not know a file the others
// reference, so a file is kept when any replica knows it. Never deletes a
// file some index record references.
import { join } from 'node:path';
import { hourOf, LocalDrive, probeWritable } from '../drive/index.js';
import { fileKey, LmdbIndex } from '../meta/index.js';
import { INDEX_DIR } from '../engine/paths.js';
import { migrateIndex } from '../engine/migrateIndex.js';
import { recordRawFilesWatermark } from './rawFiles.js';
import type { PrepareReport, SlotPlan } from './StoragePlan.js';

interface OpenDrive {
  slot: SlotPlan;
  drive: LocalDrive;
  index: LmdbIndex;
}

export async function cleanSet(
  set: SlotPlan[],
  setIndex: number,
  deploymentId: string,
  notices: string[],
  report: PrepareReport,
): Promise<void> {
  // A set of one drive: its index is the only copy of the set's records, and
  // nothing serves the set without it, so every problem stops the start.
  const alone = set.length === 1;
  const open: OpenDrive[] = [];
  try {
    for (const slot of set) {
      if (slot.path === undefined || slot.state === 'offline') continue;
      const drive = new LocalDrive(slot.path);
      try {
        await probeWritable(drive.tmpDir, slot.path);
        report.stagingEntriesRemoved += await drive.clearStaging();
        const index = LmdbIndex.open(join(slot.path, INDEX_DIR));
        try {
          await checkIdentity(index, drive, slot.path, slot.driveId, deploymentId, alone);
        } catch (err) {
          await index.close();
          throw err;
        }
        open.push({ slot, drive, index });
      } catch (err) {
        if (alone) throw err;
        slot.state = 'offline';
        slot.reason = (err as Error).message;
        notices.push(`drive ${slot.path} of set ${setIndex + 1} is out of rotation: ${slot.reason}`);
      }
    }
    const known = (fileId: string): boolean => open.some((o) => o.index.get('files', fileKey(fileId)) !== undefined);
    const garbage = new Set<string>();
    for (const o of open)
      for (const { key } of o.index.range('garbage', { start: Buffer.alloc(0), end: Buffer.from([0xff]) }))
        garbage.add(key.toString('latin1'));
    for (const fileId of garbage) for (const o of open) await o.drive.remove(fileId);
    report.garbageFilesRemoved += garbage.size;
    const startedHour = hourOf(Date.now());
    for (const o of open) await migrateIndex(o.index);
    for (const o of open) await recordRawFilesWatermark(o.index);
    for (const o of open) {
      if (garbage.size > 0) {
        await o.index.transact((txn) => {
          for (const fileId of garbage) txn.remove('garbage', fileKey(fileId));
        });
      }
      // Only hours since the last prepare are scanned (minus one hour of clock slack): earlier files were checked then.
      const fromHour = Math.max(0, (o.index.getSys('scannedFromHour') ?? 0) - 1);
      for await (const fileId of o.drive.dataFiles(fromHour)) {
        if (known(fileId)) continue;
        await o.drive.remove(fileId);
        report.unreferencedFilesRemoved++;
      }
      await o.index.transact((txn) => txn.putSys('scannedFromHour', startedHour));
    }
  } finally {
    for (const o of open) await o.index.close();
  }
}

/** Ties the index to format.json: the index must be this drive's, or (a lone drive's) be adopted when it has no identity yet. */
async function checkIdentity(
  index: LmdbIndex,
  drive: LocalDrive,
  root: string,
  driveId: string,
  deploymentId: string,
  alone: boolean,
): Promise<void> {
  const identity = index.getSys('drive');
  if (identity !== undefined) {
    if (identity.driveId !== driveId)
      throw new Error(
        `The index in ${join(root, INDEX_DIR)} belongs to drive ${identity.driveId}, not ${driveId} (format.json): refusing to mix drives.`,
      );
    return;
  }
  // A replica of a set with others is caught up by healing; a lone drive's index is the only record of its files.
  if (!alone) return;
  for await (const _ of drive.dataFiles(0)) {
    throw new Error(
      `The index in ${join(root, INDEX_DIR)} is missing or empty but ${join(root, 'data')} holds object files: refusing to start (it would delete them). Restore the index from a backup, or heal the drive from its erasure set.`,
    );
  }
  await index.transact((txn) => txn.putSys('drive', { deploymentId, driveId }));
}
