// The storage assembly: the one module that builds a store of 1 to N drives.
//   prepareStorage  primary, once per start: format, validate, clean every drive → StoragePlan
//   openStorage     each worker: the plan → ObjectStore & StoreAdmin
//   createObjectStore  both in one process (tests, tools, benchmarks)
// Layers below (engine, erasure, meta, drive, layout) never wire each other; this does.
export { prepareStorage, type PrepareOptions } from './prepareStorage.js';
export { openStorage, createObjectStore } from './openStorage.js';
export type { StorageOptions } from './options.js';
export type { PrepareReport, SlotPlan, StoragePlan } from './StoragePlan.js';
