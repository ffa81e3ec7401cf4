// Healing for erasure sets: the public surface used by the erasure store's
// assembly (storage/open/: ErasureStore and its sets).
//   healSet      `lode admin heal` for one set (StoreAdmin.heal runs it per set)
//   healFile     rebuild the missing or damaged shards of one file
//   HealQueue    per-process background heal of what reads and the scanner report
//   Scanner      slow background walk of the namespace (one process per node)
export { healFile, type HealFileResult } from './healFile.js';
export { healObject, healReferencedFile, type HealTarget, type ObjectHealOutcome } from './healObject.js';
export { healSet, type HealAccumulator, type HealSetTarget } from './healSet.js';
export { HealQueue, type HealQueueOptions, type HealQueueStats } from './HealQueue.js';
export { Scanner, DEFAULT_OBJECTS_PER_SECOND, type ScannerOptions, type ScanSummary } from './Scanner.js';
export { checkObject, type ObjectProblem } from './checkObject.js';
