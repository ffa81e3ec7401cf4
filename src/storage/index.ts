// The storage layer's public surface: everything s3/, admin/, services/ and
// vector/ may use (DESIGN.md rule 2).
import type { ObjectStore } from './ObjectStore.js';
import type { StoreAdmin } from './StoreAdmin.js';
import { openEngine, type OpenObjectStoreOptions } from './engine/openObjectStore.js';

export type * from './ObjectStore.js';
export type * from './StoreAdmin.js';
export { StoreError, isStoreError, type StoreErrorCode } from './StoreError.js';
export type { OpenObjectStoreOptions } from './engine/openObjectStore.js';
export type { PrepareReport } from './engine/prepareDataDir.js';

/**
 * Run once per data directory, in the primary process, before any worker
 * opens it: creates or validates the layout (<dir>/.lode/format.json, index,
 * tmp, data), refuses a directory formatted by something else or by a newer
 * format version, deletes leftovers of interrupted writes (.lode/tmp/*) and
 * data files no index record references. Throws a plain Error with a message
 * a person can act on.
 */
export { prepareDataDir } from './engine/prepareDataDir.js';

/**
 * Opens the store on a prepared directory. Called in every node:cluster
 * worker on the same directory at once; each process opens its own LMDB
 * environment and they coordinate through LMDB's locks.
 */
export function openObjectStore(dir: string, options?: OpenObjectStoreOptions): Promise<ObjectStore & StoreAdmin> {
  return openEngine(dir, options);
}

/** Multi-drive nodes: the primary prepares every drive and makes the plan the workers open. */
export { prepareDrives, type ErasurePlan, type SlotPlan } from './erasure/prepareDrives.js';
export { openErasureStore, ErasureStore, type ErasureSet, type OpenErasureOptions } from './erasure/openErasureStore.js';
export { LayoutError } from './layout/index.js';
