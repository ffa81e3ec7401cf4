// The production multi-drive store: six temporary drives prepared and opened
// exactly as `lode server DIR{1...6}` does it (the primary's prepareStorage
// with the configured parity, then a worker's openStorage with the
// options the worker passes), so one erasure set of 6 drives with a
// replicated index and default parity (3 standard, 1 reduced redundancy).
// A reopen is a server restart: prepareStorage again, then open.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, prepareStorage } from '../../../src/storage/index.js';
import { ErasureStore } from '../../../src/storage/open/ErasureStore.js';
import { DEFAULT_INLINE_THRESHOLD_BYTES } from '../../../src/storage/engine/context.js';
import type { StoreFactory, StoreSubject } from '../suite/harness.js';

const DRIVES = 6;

export const erasureStoreFactory: StoreFactory = {
  name: `erasure store (${DRIVES} drives, 1 set)`,
  inlineThresholdBytes: DEFAULT_INLINE_THRESHOLD_BYTES,
  async create(): Promise<StoreSubject> {
    const root = await mkdtemp(join(tmpdir(), 'lode-erasure-conformance-'));
    const drives = Array.from({ length: DRIVES }, (_, i) => join(root, `drive${i + 1}`));
    // What the worker logs as warnings: in a healthy store under test there must be none.
    const backgroundErrors: string[] = [];
    const open = async (): Promise<ErasureStore> => {
      const plan = await prepareStorage(drives, { parity: {} }); // runPrimary: { parity: config.parity }, none configured
      const opened = await openStorage(plan, {
        onBackgroundError: (err) => backgroundErrors.push(String(err)),
        log: () => undefined,
        // The worker that runs the scanner (one per node) at the default rate: heal and scan run beside the requests.
        runScanner: true,
        scanObjectsPerSecond: 50,
      });
      if (!(opened instanceof ErasureStore)) throw new Error('six drives are expected to open as an ErasureStore');
      if (opened.erasureSets.length !== 1 || opened.plan.slots.flat().length !== DRIVES)
        throw new Error(`expected 1 set of ${DRIVES} drives, got ${opened.erasureSets.length} set(s)`);
      return opened;
    };
    let store = await open();
    const subject: StoreSubject = {
      store,
      async reopen() {
        await store.close();
        store = await open();
        subject.store = store;
        return store;
      },
      // One walk per set when its replicas agree (ReplicatedIndex.range): the sum over the sets' indexes.
      entriesVisited: () => store.erasureSets.reduce((sum, set) => sum + set.engine.indexEntriesVisited, 0),
      async dispose() {
        await store.close();
        await rm(root, { recursive: true, force: true });
        if (backgroundErrors.length > 0) throw new Error(`background errors in a healthy store:\n${backgroundErrors.join('\n')}`);
      },
    };
    return subject;
  },
};
