// The metadata layer's public surface (used by storage/engine only).
export type { MetaEntry, MetaIndex, MetaReader, MetaWriter, RangeQuery } from './MetaIndex.js';
export { LmdbIndex, type IndexCondition } from './LmdbIndex.js';
export * from './keys.js';
export * from './records.js';
export { ReplicatedIndex, type ReplicaHealth } from './ReplicatedIndex.js';
