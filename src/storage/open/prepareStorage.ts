// Preparing a node's drives before any worker opens them (primary process,
// once per start), for one drive and for many through the same path:
// recognise each directory by its format.json whatever its path, format new
// or replacement drives (a new single drive is a layout of one set of one
// drive), refuse foreign ones, and clean up after interrupted writes. The
// result, a plain serialisable plan, tells the workers which directory is
// which slot of which erasure set. Safe to run again at any time no writer
// is running.
import { join, resolve } from 'node:path';
import { pathExists } from '../../util/pathExists.js';
import { probeDrives, reconcileDrives, type PlanOptions } from '../layout/index.js';
import type { DriveState } from '../StoreAdmin.js';
import { cleanSet } from './cleanSet.js';
import { formatDrive } from './formatDrive.js';
import { HEALING_MARKER, type PrepareReport, type SlotPlan, type StoragePlan } from './StoragePlan.js';

/** How a new deployment is laid out (set size, parity); an existing one keeps the layout its drives record. */
export type PrepareOptions = PlanOptions;

export async function prepareStorage(paths: readonly string[], options: PrepareOptions = {}): Promise<StoragePlan> {
  // A single drive has no parity: a configured one (--parity, LODE_PARITY) is for erasure sets.
  const { parity, ...rest } = options;
  const planOptions = paths.length === 1 || parity === undefined ? rest : { ...rest, parity };
  const reconciliation = reconcileDrives(await probeDrives(paths), planOptions);
  const { layout } = reconciliation;
  const notices: string[] = [];
  const slots: SlotPlan[][] = layout.sets.map((set) =>
    set.map((driveId) => ({ driveId, state: 'offline' as DriveState, reason: 'no directory holds this drive' })),
  );

  const formatted = [];
  for (const drive of reconciliation.toFormat) {
    const root = resolve(drive.path);
    // A new deployment creates its directories; a lost drive's path that is
    // gone altogether (an unmounted disk) is never recreated on whatever lies
    // beneath it: someone must put an empty directory or disk there.
    if (!reconciliation.fresh && !(await pathExists(root))) {
      notices.push(
        `${root} does not exist: drive ${drive.driveIndex + 1} of set ${drive.setIndex + 1} is missing (create or mount an empty directory there, then run 'lode admin heal').`,
      );
      // Keep the path: 'lode admin heal' formats the directory once it exists, without a restart.
      slots[drive.setIndex]![drive.driveIndex] = { path: root, driveId: drive.driveId, state: 'offline', reason: `${root} does not exist` };
      continue;
    }
    await formatDrive(root, layout, drive.driveId, !reconciliation.fresh);
    formatted.push(drive);
    if (!reconciliation.fresh)
      notices.push(`${root} was empty: formatted as drive ${drive.driveIndex + 1} of set ${drive.setIndex + 1}; healing will rebuild it.`);
  }
  for (const drive of [...reconciliation.online, ...formatted]) {
    const root = resolve(drive.path);
    const healing = await pathExists(join(root, HEALING_MARKER));
    slots[drive.setIndex]![drive.driveIndex] = { path: root, driveId: drive.driveId, state: healing ? 'healing' : 'ok' };
  }
  for (const missing of reconciliation.missing)
    notices.push(`drive ${missing.driveIndex + 1} of set ${missing.setIndex + 1} (${missing.driveId}) was not found: running without it.`);
  for (const skipped of reconciliation.skipped) notices.push(`${skipped.path} skipped: ${skipped.reason}`);

  const report: PrepareReport = { stagingEntriesRemoved: 0, garbageFilesRemoved: 0, unreferencedFilesRemoved: 0 };
  for (const [setIndex, set] of slots.entries()) {
    await cleanSet(set, setIndex, layout.deploymentId, notices, report);
    const online = set.filter((s) => s.state === 'ok' || s.state === 'healing').length;
    const needed = layout.setSize - layout.parity.standard;
    if (online < needed) {
      throw new Error(
        `Erasure set ${setIndex + 1} has ${online} of its ${layout.setSize} drives; at least ${needed} are needed to read its data. ` +
          `Missing: ${set
            .filter((s) => s.state === 'offline')
            .map((s) => s.path ?? s.driveId)
            .join(', ')}.`,
      );
    }
  }
  return { layout, slots, notices, report };
}
