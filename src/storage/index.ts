// The storage layer's public surface: everything s3/, admin/, services/ and
// vector/ may use (DESIGN.md rule 2): the seams and the assembly, no
// concrete engine or drive class.
export type * from './ObjectStore.js';
export type * from './StoreAdmin.js';
export { StoreError, isStoreError, type StoreErrorCode } from './StoreError.js';
export { LayoutError } from './layout/index.js';

/**
 * prepareStorage(paths): run once per start in the primary process, before
 * any worker opens the drives: creates or validates every drive (one or
 * many, through the same path), refuses directories formatted by something
 * else or by a newer format version, formats replacement drives, deletes
 * leftovers of interrupted writes and data files no index record references.
 * Throws an Error (LayoutError for drive sets that do not fit together) with
 * a message a person can act on. Returns a serialisable StoragePlan.
 *
 * openStorage(plan): in every node:cluster worker, on the same plan at once.
 *
 * createObjectStore(paths): both, in one process (tests, tools).
 */
export { prepareStorage, openStorage, createObjectStore } from './open/index.js';
export type { PrepareOptions, PrepareReport, SlotPlan, StorageOptions, StoragePlan } from './open/index.js';
