// The conformance suite against a MultiSetStore of three single-drive
// engines: routing by placement, buckets in every set, merged listings.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createObjectStore } from '../../src/storage/index.js';
import { MultiSetStore } from '../../src/storage/engine/MultiSetStore.js';
import type { Engine } from '../../src/storage/engine/Engine.js';
import { asEngine } from './asEngine.js';
import { bucketTests } from './suite/buckets.js';
import { conditionTests } from './suite/conditions.js';
import { failureTests } from './suite/failures.js';
import type { StoreFactory, StoreSubject } from './suite/harness.js';
import { listingTests } from './suite/listing.js';
import { multipartTests } from './suite/multipart.js';
import { objectTests } from './suite/objects.js';
import { retryTests } from './suite/retries.js';
import { versioningTests } from './suite/versioning.js';

const SETS = 3;
const INLINE_THRESHOLD_BYTES = 128 * 1024;

const multiSetFactory: StoreFactory = {
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

for (const register of [bucketTests, objectTests, listingTests, conditionTests, multipartTests, failureTests, versioningTests, retryTests]) register(multiSetFactory);
