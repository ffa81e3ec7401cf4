// A GET whose client goes away while the first chunk is being read (and
// verified) before the response starts: the stream is destroyed by the abort
// before anyone listens to it, and that must not become an uncaught 'error'
// (which kills a worker). Both layouts, many abort points.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { createObjectStore, type ObjectStore, type StoreAdmin } from '../index.js';

const MiB = 1024 * 1024;
const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function storeOf(drives: number): Promise<ObjectStore & StoreAdmin> {
  const root = await mkdtemp(join(tmpdir(), 'lode-get-abort-'));
  dirs.push(root);
  const paths = drives === 1 ? [join(root, 'data')] : Array.from({ length: drives }, (_, i) => join(root, `disk${i + 1}`));
  return createObjectStore(paths, { scanObjectsPerSecond: 0 });
}

for (const drives of [1, 4]) {
  describe(`GetObject abandoned before its first byte (${drives} drive${drives > 1 ? 's' : ''})`, () => {
    it('never leaves an unheard error behind, whenever the abort comes', async () => {
      const store = await storeOf(drives);
      try {
        await store.createBucket({ bucket: 'b', region: 'us-east-1' }, new AbortController().signal);
        const bytes = Buffer.alloc(3 * MiB + 5, 7);
        const digests = { md5: createHash('md5').update(bytes).digest(), sizeBytes: bytes.length };
        await store.putObject(
          {
            bucket: 'b',
            key: 'k',
            body: Readable.from([bytes]),
            digests: () => digests,
            sizeBytes: bytes.length,
            metadata: { userMetadata: {} },
          },
          new AbortController().signal,
        );
        let served = 0;
        let refused = 0;
        for (let i = 0; i < 300; i++) {
          const controller = new AbortController();
          // As the S3 layer does: a listener on the body the moment it is handed over.
          const pending = store.getObject({ bucket: 'b', key: 'k' }, controller.signal).then(({ body }) => {
            body.on('error', () => undefined);
            return body;
          });
          // Abort after 0..9 turns of the event loop: before, during and after the first read.
          for (let turn = 0; turn < i % 10; turn++) await yieldToLoop();
          controller.abort(new Error('client went away'));
          try {
            (await pending).destroy();
            served++;
          } catch {
            refused++;
          }
        }
        // A late 'error' without a listener would surface as an uncaught exception, failing this test.
        await yieldToLoop();
        assert.equal(served + refused, 300);
        assert.ok(refused > 0, 'some aborts came while the first chunk was read');
      } finally {
        await store.close();
      }
    });
  });
}
