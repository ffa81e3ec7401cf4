// The single-drive store: one data directory prepared and opened as
// `lode server DIR` does it (prepareDataDir, then the engine a worker opens).
// A reopen is a server restart.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDataDir, type ObjectStore } from '../../../src/storage/index.js';
import { openEngine } from '../../../src/storage/engine/openObjectStore.js';
import type { StoreFactory, StoreSubject } from '../suite/harness.js';

const INLINE_THRESHOLD_BYTES = 128 * 1024;

export const localEngineFactory: StoreFactory = {
  name: 'local engine (one drive)',
  inlineThresholdBytes: INLINE_THRESHOLD_BYTES,
  async create(): Promise<StoreSubject> {
    const dir = await mkdtemp(join(tmpdir(), 'lode-conformance-'));
    await prepareDataDir(dir);
    let engine = await openEngine(dir, { inlineThresholdBytes: INLINE_THRESHOLD_BYTES });
    const subject: StoreSubject = {
      store: engine,
      async reopen(): Promise<ObjectStore> {
        await engine.close();
        await prepareDataDir(dir);
        engine = await openEngine(dir, { inlineThresholdBytes: INLINE_THRESHOLD_BYTES });
        subject.store = engine;
        return engine;
      },
      entriesVisited: () => engine.indexEntriesVisited,
      async dispose(): Promise<void> {
        await engine.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
    return subject;
  },
};
