// A MultiSetStore over three single-drive engines: routing by placement,
// buckets in every set, merged listings, without the cost of erasure coding
// (a node with several erasure sets is the same MultiSetStore over
// erasure-coded engines).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createObjectStore } from '../../../src/storage/index.js';
import { MultiSetStore } from '../../../src/storage/engine/MultiSetStore.js';
import type { Engine } from '../../../src/storage/engine/Engine.js';
import type { StoreFactory, StoreSubject } from '../suite/harness.js';
import { asEngine } from './asEngine.js';

const SETS = 3;
const INLINE_THRESHOLD_BYTES = 128 * 1024;

export const multiSetFactory: StoreFactory = {
  name: `multi-set store (${SETS} single-drive sets)`,
  inlineThresholdBytes: INLINE_THRESHOLD_BYTES,
  indexWalksPerPage: SETS,
  async create(): Promise<StoreSubject> {
    const root = await mkdtemp(join(tmpdir(), 'lode-multiset-'));
    const dirs = Array.from({ length: SETS }, (_, i) => join(root, `set${i}`));
    const open = async (): Promise<{ store: MultiSetStore; engines: Engine[] }> => {
      const engines: Engine[] = [];
      for (const dir of dirs) {
        engines.push(asEngine(await createObjectStore([dir], { inlineThresholdBytes: INLINE_THRESHOLD_BYTES })));
      }
      return { store: new MultiSetStore(engines), engines };
    };
    let current = await open();
    const subject: StoreSubject = {
      store: current.store,
      async reopen() {
        await current.store.close();
        current = await open();
        subject.store = current.store;
        return current.store;
      },
      entriesVisited: () => current.engines.reduce((sum, e) => sum + e.indexEntriesVisited, 0),
      async dispose() {
        await current.store.close();
        await rm(root, { recursive: true, force: true });
      },
    };
    return subject;
  },
};
