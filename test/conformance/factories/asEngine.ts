// A store of one drive is an Engine over that drive's own index; suites that
// count index entries per listing page read the count from it.
import type { ObjectStore } from '../../../src/storage/index.js';
import { Engine } from '../../../src/storage/engine/Engine.js';

export function asEngine(store: ObjectStore): Engine {
  if (!(store instanceof Engine)) throw new Error('a store of one drive is expected to be an Engine');
  return store;
}
