// kill -9 of a multi-drive node during writes while a drive fails: every
// acknowledged object survives, nothing torn or corrupt is ever served.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { startServer } from './harness.js';

describe('crash safety with erasure coding', () => {
  it('keeps every acknowledged object through kill -9 while a drive fails mid-write', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lode-eccrash-'));
    const spec = join(root, 'disk{1...6}');
    const server = await startServer({ dataDir: spec, env: { LODE_SCAN_OBJECTS_PER_SECOND: '0' } });
    const s3 = server.client();
    const Bucket = 'eccrash';
    await s3.send(new CreateBucketCommand({ Bucket }));
    const acknowledged = new Map<string, string>();
    let stop = false;
    const writer = async (id: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const Key = `w${id}/obj-${i}`;
        const body = randomBytes(i % 3 === 0 ? 1_500_000 : i % 3 === 1 ? 200_000 : 3_000);
        try {
          await s3.send(new PutObjectCommand({ Bucket, Key, Body: body }));
          acknowledged.set(Key, createHash('md5').update(body).digest('hex'));
        } catch {
          return; // the server died under this request: not acknowledged
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((r) => setTimeout(r, 700));
    // A drive fails while writes go on: its directory vanishes at once, as an unmounted disk does.
    await rename(join(root, 'disk2'), join(root, 'disk2.gone'));
    await new Promise((r) => setTimeout(r, 700));
    await server.kill();
    stop = true;
    await Promise.all(writers);
    s3.destroy();
    assert.ok(acknowledged.size > 5, `only ${acknowledged.size} writes were acknowledged before the kill`);

    const restarted = await startServer({ dataDir: spec, env: { LODE_SCAN_OBJECTS_PER_SECOND: '0' } });
    const s3b = restarted.client();
    try {
      for (const [Key, digest] of acknowledged) {
        const res = await s3b.send(new GetObjectCommand({ Bucket, Key }));
        assert.equal(
          createHash('md5')
            .update(await res.Body!.transformToByteArray())
            .digest('hex'),
          digest,
          Key,
        );
      }
      let token: string | undefined;
      do {
        const page = await s3b.send(new ListObjectsV2Command({ Bucket, ContinuationToken: token }));
        for (const item of page.Contents ?? []) {
          const res = await s3b.send(new GetObjectCommand({ Bucket, Key: item.Key! }));
          const body = await res.Body!.transformToByteArray();
          assert.equal(`"${createHash('md5').update(body).digest('hex')}"`, item.ETag, `${item.Key} is whole`);
        }
        token = page.NextContinuationToken;
      } while (token !== undefined);
      await s3b.send(new PutObjectCommand({ Bucket, Key: 'after-restart', Body: 'still writable' }));
    } finally {
      s3b.destroy();
      await restarted.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
