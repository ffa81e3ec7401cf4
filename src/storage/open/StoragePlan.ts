// What the primary's prepare hands every worker: a plain, serialisable
// description of the node's drives (which directory is which slot of which
// erasure set, and in what state), so a worker opens exactly what was
// validated, without probing again.
import { join } from 'node:path';
import type { Layout } from '../layout/index.js';
import type { DriveState } from '../StoreAdmin.js';

/** Present while a replacement drive is being rebuilt; removed when healing completes. */
export const HEALING_MARKER = join('.lode', 'healing');

export interface SlotPlan {
  /** The directory serving this slot now, or undefined when no drive was found for it. */
  path?: string;
  driveId: string;
  state: DriveState;
  reason?: string;
}

export interface PrepareReport {
  /** Entries deleted from .lode/tmp (interrupted writes). */
  stagingEntriesRemoved: number;
  /** Replaced or deleted files whose unlink had not happened yet. */
  garbageFilesRemoved: number;
  /** Files in data/ no record references (a crash between rename and commit). */
  unreferencedFilesRemoved: number;
}

export interface StoragePlan {
  layout: Layout;
  /** slots[setIndex][driveIndex]. */
  slots: SlotPlan[][];
  /** What a person should know (missing drives, skipped directories, formatted replacements). */
  notices: string[];
  /** What the clean-up after interrupted writes removed, over every drive. */
  report: PrepareReport;
}

/** One set of one drive: no redundancy, served by an Engine straight over the drive's own index. */
export function isSingleDrive(layout: Layout): boolean {
  return layout.sets.length === 1 && layout.setSize === 1;
}
