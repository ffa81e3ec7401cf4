// Data files written before every file carried block hashes (single-drive
// nodes before the bitrot framing) are raw. A drive records once, at the
// first start of a build that frames, up to which staging hour raw files
// can exist: none on a drive formatted since (formatDrive writes -1), any
// file staged up to this hour on an older one. BitrotDrive serves a file
// without a valid footer raw only when it was staged by then; later, the
// missing footer is damage. Erasure shards were always framed, so the mark
// is harmless on their drives.
import { hourOf } from '../drive/index.js';
import type { MetaIndex } from '../meta/index.js';

export async function recordRawFilesWatermark(index: MetaIndex): Promise<void> {
  if (index.getSys('rawFilesUntilHour') !== undefined) return;
  await index.transact((txn) => txn.putSys('rawFilesUntilHour', hourOf(Date.now())));
}

/** The watermark BitrotDrive reads with; a drive not prepared by this build may hold raw files staged up to now. */
export function rawFilesUntilHourOf(index: MetaIndex): number {
  return index.getSys('rawFilesUntilHour') ?? hourOf(Date.now());
}
