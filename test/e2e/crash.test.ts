// kill -9 during writes: everything acknowledged survives, nothing torn is
// ever visible, and leftovers are cleaned on the next start.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'node:http';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { makeDataDir, startServer } from './harness.js';
import { signedHeaders } from './rawRequest.js';

const MiB = 1024 * 1024;

/** Starts a PUT of `totalBytes` that trickles its body, so a kill lands mid-upload. */
async function startSlowUpload(port: number, path: string, totalBytes: number): Promise<void> {
  const headers = await signedHeaders({ port, method: 'PUT', path, payloadHash: 'UNSIGNED-PAYLOAD' });
  headers['content-length'] = String(totalBytes);
  const req = request({ host: '127.0.0.1', port, method: 'PUT', path, headers });
  req.on('error', () => undefined); // the server is about to die
  const chunk = randomBytes(MiB);
  let sent = 0;
  const pump = (): void => {
    if (sent >= totalBytes - MiB || req.destroyed) return; // never finish: the kill comes first
    sent += chunk.length;
    req.write(chunk);
    setTimeout(pump, 20);
  };
  pump();
}

describe('crash safety', () => {
  it('keeps every acknowledged object through kill -9 during writes, and shows no torn object', async () => {
    const dataDir = await makeDataDir();
    const server = await startServer({ dataDir });
    const s3 = server.client();
    const Bucket = 'crash';
    await s3.send(new CreateBucketCommand({ Bucket }));
    await startSlowUpload(server.port, `/${Bucket}/big-unfinished`, 512 * MiB);

    const acknowledged = new Map<string, string>();
    let stop = false;
    const writer = async (id: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const Key = `w${id}/obj-${i}`;
        // Mixed sizes: inline records and data files.
        const body = randomBytes(i % 3 === 0 ? 300 * 1024 : 2048);
        try {
          await s3.send(new PutObjectCommand({ Bucket, Key, Body: body }));
          acknowledged.set(Key, createHash('md5').update(body).digest('hex'));
        } catch {
          return; // the server died under this request: not acknowledged
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((r) => setTimeout(r, 1500));
    await server.kill();
    stop = true;
    await Promise.all(writers);
    s3.destroy();
    assert.ok(acknowledged.size > 10, `only ${acknowledged.size} writes were acknowledged before the kill`);

    const restarted = await startServer({ dataDir });
    const s3b = restarted.client();
    try {
      for (const [Key, digest] of acknowledged) {
        const res = await s3b.send(new GetObjectCommand({ Bucket, Key }));
        const body = Buffer.from(await res.Body!.transformToByteArray());
        assert.equal(createHash('md5').update(body).digest('hex'), digest, Key);
      }
      // Every listed object is whole: its bytes match its ETag.
      const listed = await s3b.send(new ListObjectsV2Command({ Bucket }));
      for (const item of listed.Contents ?? []) {
        const res = await s3b.send(new GetObjectCommand({ Bucket, Key: item.Key! }));
        const body = Buffer.from(await res.Body!.transformToByteArray());
        assert.equal(`"${createHash('md5').update(body).digest('hex')}"`, item.ETag, item.Key);
        assert.equal(body.length, item.Size);
      }
      await assert.rejects(s3b.send(new HeadObjectCommand({ Bucket, Key: 'big-unfinished' })));
      assert.deepEqual(await readdir(join(dataDir, '.lode', 'tmp')), [], 'staging area is cleaned on start');
      // The store still takes writes after recovery.
      await s3b.send(new PutObjectCommand({ Bucket, Key: 'after-restart', Body: 'ok' }));
    } finally {
      s3b.destroy();
      await restarted.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
