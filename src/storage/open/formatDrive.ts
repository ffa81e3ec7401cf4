// Formatting a new or replacement drive of a layout: directories, the
// index's identity, then format.json last (it marks the drive as formatted,
// so an interrupted format leaves a directory that still counts as empty).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFormat } from '../drive/index.js';
import { codeOf, makePrivateDirs, PRIVATE_FILE_MODE } from '../io/index.js';
import { formatFor, type Layout } from '../layout/index.js';
import { LmdbIndex } from '../meta/index.js';
import { INDEX_DIR } from '../engine/paths.js';
import { HEALING_MARKER } from './StoragePlan.js';

export async function formatDrive(root: string, layout: Layout, driveId: string, replacement: boolean): Promise<void> {
  try {
    await makePrivateDirs(root, [join('.lode', 'tmp'), INDEX_DIR, 'data']);
  } catch (err) {
    throw new Error(`Cannot create the directories of ${root}: ${describeError(err)}. Check that ${root} is writable by this user.`);
  }
  const index = LmdbIndex.open(join(root, INDEX_DIR));
  try {
    await index.transact((txn) => {
      txn.putSys('drive', { deploymentId: layout.deploymentId, driveId });
      txn.putSys('generation', 0);
      // A new drive has only framed data files (open/rawFiles.ts).
      txn.putSys('rawFilesUntilHour', -1);
    });
  } finally {
    await index.close();
  }
  if (replacement) await writeFile(join(root, HEALING_MARKER), `${new Date().toISOString()}\n`, { mode: PRIVATE_FILE_MODE });
  await writeFormat(root, formatFor(layout, driveId, new Date().toISOString()), join(root, '.lode', 'tmp'));
}

/** An error's message, with its errno code in front when the message does not already say it. */
export function describeError(err: unknown): string {
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
