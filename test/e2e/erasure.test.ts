// A multi-drive node as a user runs it: drives lost and shards rotted while
// it serves, every object still read back byte-identical, writes going on.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startServer, type RunningServer } from './harness.js';

const DRIVES = 6; // one set of 6: parity 3 (STANDARD), 1 (REDUCED_REDUNDANCY)

async function shardFiles(drive: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(dir, e.name));
      else out.push(join(dir, e.name));
    }
  };
  await walk(join(drive, 'data'));
  return out;
}

describe('erasure-coded node', () => {
  let root: string;
  let drives: string[];
  let server: RunningServer;
  let s3: S3Client;
  const objects = new Map<string, string>();
  const md5 = (b: Buffer | Uint8Array): string => createHash('md5').update(b).digest('hex');
  const put = async (Key: string, Body: Buffer, StorageClass?: 'REDUCED_REDUNDANCY'): Promise<void> => {
    await s3.send(new PutObjectCommand({ Bucket: 'ec-bucket', Key, Body, ...(StorageClass !== undefined ? { StorageClass } : {}) }));
    objects.set(Key, md5(Body));
  };
  const checkAll = async (): Promise<void> => {
    for (const [Key, digest] of objects) {
      const res = await s3.send(new GetObjectCommand({ Bucket: 'ec-bucket', Key }));
      assert.equal(md5(await res.Body!.transformToByteArray()), digest, Key);
    }
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'lode-ec-'));
    drives = Array.from({ length: DRIVES }, (_, i) => join(root, `disk${i + 1}`));
    await mkdir(root, { recursive: true });
    server = await startServer({ dataDir: join(root, `disk{1...${DRIVES}}`) });
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket: 'ec-bucket' }));
  });
  after(async () => {
    s3?.destroy();
    await server?.stop();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it('announces the layout and stores shards on every drive', async () => {
    assert.match(server.output(), /6 drives in 1 erasure set\(s\) of 6, parity 3/);
    for (const size of [0, 1000, 200_000, 3_000_001]) await put(`sized/${size}`, randomBytes(size));
    await put('rrs', randomBytes(500_000), 'REDUCED_REDUNDANCY');
    const body = randomBytes(11 * 1024 * 1024);
    await new Upload({ client: s3, params: { Bucket: 'ec-bucket', Key: 'multipart', Body: body }, partSize: 5 * 1024 * 1024 }).done();
    objects.set('multipart', md5(body));
    for (const drive of drives) assert.ok((await shardFiles(drive)).length >= 6, `${drive} holds shards`);
    await checkAll();
  });

  it('reads everything back with parity drives gone and a shard rotted, and keeps taking writes', async () => {
    await rm(drives[1]!, { recursive: true, force: true });
    await checkAll(); // one drive lost: even REDUCED_REDUNDANCY (parity 1) objects read back
    await rm(drives[4]!, { recursive: true, force: true });
    // Two lost: more than REDUCED_REDUNDANCY's parity of 1: that object is refused, never served wrong.
    await assert.rejects(
      s3.send(new GetObjectCommand({ Bucket: 'ec-bucket', Key: 'rrs' })),
      (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode === 503,
    );
    objects.delete('rrs');
    // Flip bytes in the middle of one shard file of a third drive.
    const victim = (await shardFiles(drives[2]!)).sort()[0]!;
    const handle = await open(victim, 'r+');
    const size = (await handle.stat()).size;
    await handle.write(Buffer.from('rotten bytes'), 0, 12, Math.floor(size / 2));
    await handle.close();
    await checkAll();
    await put('after-failures', randomBytes(400_000));
    await checkAll();
  });

  it('answers SlowDown, never wrong bytes, when more drives are gone than parity allows', async () => {
    await rm(drives[0]!, { recursive: true, force: true });
    await rm(drives[3]!, { recursive: true, force: true });
    // 2 of 6 drives left: every object with data on them needs at least 3.
    await assert.rejects(
      (async () => {
        const res = await s3.send(new GetObjectCommand({ Bucket: 'ec-bucket', Key: 'sized/3000001' }));
        await res.Body!.transformToByteArray();
      })(),
      (err: { $metadata?: { httpStatusCode?: number } }) => [503, 500].includes(err.$metadata?.httpStatusCode ?? 0) || err instanceof Error,
    );
    await assert.rejects(
      s3.send(new PutObjectCommand({ Bucket: 'ec-bucket', Key: 'no-quorum', Body: randomBytes(300_000) })),
      (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode === 503,
    );
  });
});
