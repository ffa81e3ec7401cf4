// The ObjectStore conformance suite, run against the single-drive engine.
// Another engine runs the same suite by supplying its own StoreFactory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectStore } from '../../src/storage/index.js';
import { createObjectStore } from '../../src/storage/index.js';
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

for (const register of [bucketTests, objectTests, listingTests, conditionTests, multipartTests, failureTests, versioningTests, retryTests]) register(localEngineFactory);
