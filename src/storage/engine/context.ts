// What every engine operation works with: one drive, its index, and the
// background reclaimer of unreferenced files. Built by the storage assembly (storage/open/).
import { READ_CHUNK_BYTES } from '../../util/bufferPool.js';
import type { Drive } from '../drive/index.js';
import type { MetaIndex } from '../meta/index.js';
import type { Reclaimer } from './reclaim.js';

export interface EngineContext {
  readonly index: MetaIndex;
  readonly drive: Drive;
  /** Objects up to this size live in the index record, larger ones in files. */
  readonly inlineThresholdBytes: number;
  readonly reclaimer: Reclaimer;
}

/** S3's minimum size of every part but the last. */
export const MIN_PART_SIZE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_INLINE_THRESHOLD_BYTES = 128 * 1024;
/** Read and write granularity for object data. */
export const IO_CHUNK_BYTES = READ_CHUNK_BYTES;
