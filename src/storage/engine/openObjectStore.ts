// Opening a prepared drive as an ObjectStore. Every node:cluster worker
// calls this on the same directory; each gets its own LMDB environment
// handle and they coordinate through LMDB's locks, not through memory.
import { join, resolve } from 'node:path';
import { BitrotDrive } from '../bitrot/index.js';
import { hourOf, LocalDrive, readFormat } from '../drive/index.js';
import { LmdbIndex } from '../meta/index.js';
import { DEFAULT_INLINE_THRESHOLD_BYTES } from './context.js';
import { Engine } from './Engine.js';
import { INDEX_DIR } from './paths.js';
import { Reclaimer } from './reclaim.js';

export interface OpenObjectStoreOptions {
  /** Objects up to this size are stored in the index record (default 128 KiB, at most 1 MiB). */
  inlineThresholdBytes?: number;
  /** Failures of background work (unlinking replaced files); default: process.emitWarning. */
  onBackgroundError?: (err: unknown) => void;
}

const MAX_INLINE_THRESHOLD_BYTES = 1024 * 1024;

export async function openEngine(dir: string, options: OpenObjectStoreOptions = {}): Promise<Engine> {
  const root = resolve(dir);
  const inlineThresholdBytes = options.inlineThresholdBytes ?? DEFAULT_INLINE_THRESHOLD_BYTES;
  if (!Number.isInteger(inlineThresholdBytes) || inlineThresholdBytes < 0 || inlineThresholdBytes > MAX_INLINE_THRESHOLD_BYTES) {
    throw new Error(`inlineThresholdBytes must be an integer between 0 and ${MAX_INLINE_THRESHOLD_BYTES}.`);
  }
  const format = await readFormat(root);
  if (format === undefined) throw new Error(`${root} is not a prepared Lode data directory (no .lode/format.json): call prepareDataDir first.`);
  const sets = format.layout.sets;
  if (sets.length !== 1 || sets[0]?.length !== 1 || sets[0][0] !== format.driveId) {
    throw new Error(`${root} belongs to a layout of ${sets.length} erasure set(s); this build serves a single drive only.`);
  }
  const index = LmdbIndex.open(join(root, INDEX_DIR));
  const identity = index.getSys('drive');
  if (identity?.driveId !== format.driveId) {
    await index.close();
    throw new Error(`The index in ${join(root, INDEX_DIR)} does not belong to drive ${format.driveId}: run prepareDataDir on ${root}.`);
  }
  const onError = options.onBackgroundError ?? ((err: unknown) => process.emitWarning(err instanceof Error ? err : new Error(String(err))));
  // Every data file framed with block hashes; raw files only up to the watermark prepare recorded (absent: not prepared by this build, so any file so far).
  const rawFilesUntilHour = index.getSys('rawFilesUntilHour') ?? hourOf(Date.now());
  const drive = new BitrotDrive(new LocalDrive(root), { rawFilesUntilHour, onCorrupt: (fileId, reason) => onError(new Error(`bitrot: data file ${fileId} on ${root} is damaged (${reason}); it is refused, not served`)) });
  // Once per change of condition (not per refused write): a full drive, then one that takes writes again.
  index.onConditionChange = (c) => onError(new Error(c.state === 'ok' ? `drive ${root} takes writes again` : `drive ${root} is ${c.state}: ${c.reason ?? ''}`));
  const reclaimer = new Reclaimer(drive, index, onError);
  return new Engine({ index, drive, inlineThresholdBytes, reclaimer }, { deploymentId: format.deploymentId, driveId: format.driveId, condition: () => index.condition });
}
