// A node of one drive in a worker process: an Engine straight over the
// drive's own LMDB index (no replication: one copy, and the 4 KiB hot path
// pays for nothing it does not need). Every worker opens the same directory;
// each gets its own LMDB environment handle and they coordinate through
// LMDB's locks, not through memory.
import { join } from 'node:path';
import { Engine } from '../engine/Engine.js';
import { INDEX_DIR } from '../engine/paths.js';
import { Reclaimer } from '../engine/reclaim.js';
import { LmdbIndex } from '../meta/index.js';
import { BitrotDrive } from '../bitrot/index.js';
import { openDrive } from './localDrive.js';
import { rawFilesUntilHourOf } from './rawFiles.js';
import type { SlotPlan } from './StoragePlan.js';

export async function openSingleDrive(
  slot: SlotPlan,
  deploymentId: string,
  inlineThresholdBytes: number,
  onError: (err: unknown) => void,
): Promise<Engine> {
  const root = slot.path;
  if (root === undefined) throw new Error(`The plan has no directory for drive ${slot.driveId}: run prepareStorage first.`);
  const index = LmdbIndex.open(join(root, INDEX_DIR));
  const identity = index.getSys('drive');
  if (identity?.driveId !== slot.driveId) {
    await index.close();
    throw new Error(`The index in ${join(root, INDEX_DIR)} does not belong to drive ${slot.driveId}: run prepareStorage on ${root}.`);
  }
  // Every data file framed with block hashes and verified on read; a damaged one is refused and logged.
  const drive = new BitrotDrive(openDrive(root), {
    rawFilesUntilHour: rawFilesUntilHourOf(index),
    onCorrupt: (fileId, reason) =>
      onError(new Error(`bitrot: data file ${fileId} on ${root} is damaged (${reason}); it is refused, not served`)),
  });
  // Once per change of condition (not per refused write): a full drive, then one that takes writes again.
  index.onConditionChange = (c) =>
    onError(new Error(c.state === 'ok' ? `drive ${root} takes writes again` : `drive ${root} is ${c.state}: ${c.reason ?? ''}`));
  const reclaimer = new Reclaimer(drive, index, onError);
  return new Engine(
    { index, drive, inlineThresholdBytes, reclaimer },
    { deploymentId, driveId: slot.driveId, condition: () => index.condition },
  );
}
