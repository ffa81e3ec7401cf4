// The multipart and retry conformance suites against a multi-drive node's
// store: one erasure set of 4 drives (a replicated index per set, shards on
// every drive), assembled as a server assembles it (prepareStorage, then
// openStorage).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createObjectStore, type ObjectStore, type StoreAdmin } from '../../src/storage/index.js';
import type { StoreFactory, StoreSubject } from './suite/harness.js';
import { multipartTests } from './suite/multipart.js';
import { retryTests } from './suite/retries.js';

const DRIVES = 4;
const INLINE_THRESHOLD_BYTES = 128 * 1024;

const erasureFactory: StoreFactory = {
  name: `erasure store (1 set of ${DRIVES} drives)`,
  inlineThresholdBytes: INLINE_THRESHOLD_BYTES,
  async create(): Promise<StoreSubject> {
    const root = await mkdtemp(join(tmpdir(), 'lode-erasure-conformance-'));
    const drives = Array.from({ length: DRIVES }, (_, i) => join(root, `drive${i + 1}`));
    const open = (): Promise<ObjectStore & StoreAdmin> => createObjectStore(drives, { inlineThresholdBytes: INLINE_THRESHOLD_BYTES, scanObjectsPerSecond: 0 });
    let store = await open();
    const subject: StoreSubject = {
      store,
      async reopen() {
        await store.close();
        store = await open();
        subject.store = store;
        return store;
      },
      async dispose() {
        await store.close();
        await rm(root, { recursive: true, force: true });
      },
    };
    return subject;
  },
};

for (const register of [multipartTests, retryTests]) register(erasureFactory);
