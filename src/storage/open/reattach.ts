// A drive returns to its slot while the node runs: a disk remounted, or an
// empty disk put in place of a lost one. Formatting an empty directory is
// left to `lode admin heal` (one process, on request); every process picks
// up a formatted drive of its slot on its own, through its monitor.
import { join } from 'node:path';
import { pathExists } from '../../util/pathExists.js';
import { probeDrive, type Layout } from '../layout/index.js';
import { LmdbIndex } from '../meta/index.js';
import { INDEX_DIR } from '../engine/paths.js';
import type { ErasureSet } from './ErasureSet.js';
import { formatDrive } from './formatDrive.js';
import { openDrive } from './localDrive.js';
import { HEALING_MARKER, type SlotPlan } from './StoragePlan.js';

/** Returns true when the slot is back in rotation. */
export async function reattachSlot(
  set: ErasureSet,
  slot: number,
  planned: SlotPlan,
  layout: Layout,
  options: { formatEmpty: boolean },
): Promise<boolean> {
  if (set.health.isOnline(slot) || planned.path === undefined) return false;
  const path = planned.path;
  const probe = await probeDrive(path);
  // Only a directory someone put there (mounted a disk, made a directory) is
  // formatted: a vanished path is never recreated on whatever lies beneath it.
  if (probe.kind === 'empty' && probe.exists && options.formatEmpty) {
    await formatDrive(path, layout, planned.driveId, true);
  } else if (probe.kind !== 'formatted' || probe.format.driveId !== planned.driveId || probe.format.deploymentId !== layout.deploymentId) {
    return false;
  }
  const index = LmdbIndex.open(join(path, INDEX_DIR));
  const previous = set.index.attach(slot, index);
  await previous?.close().catch(() => undefined);
  // A freshly opened drive: nothing the old one learnt about the directory it replaced carries over.
  set.drive.attachDrive(slot, openDrive(path));
  set.health.bringOnline(slot, (await pathExists(join(path, HEALING_MARKER))) ? 'healing' : 'ok');
  return true;
}
