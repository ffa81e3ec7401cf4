// The single-drive store: one data directory prepared and opened as
// `lode server DIR` does it (prepareStorage, then openStorage, as the
// primary and a worker do; createObjectStore is the two in one process).
// A reopen is a server restart.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createObjectStore, type ObjectStore } from '../../../src/storage/index.js';
import { asEngine } from './asEngine.js';
import type { StoreFactory, StoreSubject } from '../suite/harness.js';

const INLINE_THRESHOLD_BYTES = 128 * 1024;

export const localEngineFactory: StoreFactory = {
  name: 'local engine (one drive)',
  inlineThresholdBytes: INLINE_THRESHOLD_BYTES,
  async create(): Promise<StoreSubject> {
    const dir = await mkdtemp(join(tmpdir(), 'lode-conformance-'));
    let engine = asEngine(await createObjectStore([dir], { inlineThresholdBytes: INLINE_THRESHOLD_BYTES }));
    const subject: StoreSubject = {
      store: engine,
      async reopen(): Promise<ObjectStore> {
        await engine.close();
        engine = asEngine(await createObjectStore([dir], { inlineThresholdBytes: INLINE_THRESHOLD_BYTES }));
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
