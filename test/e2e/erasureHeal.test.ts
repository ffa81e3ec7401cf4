// Replacing a lost drive with an empty one and healing it; a drive that runs
// out of space while the node keeps serving.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ROOT_PASSWORD, ROOT_USER, startServer } from './harness.js';

const exec = promisify(execFile);
const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');

async function readAll(s3: S3Client, bucket: string, objects: Map<string, string>): Promise<void> {
  for (const [Key, digest] of objects) {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
    assert.equal(md5(await res.Body!.transformToByteArray()), digest, Key);
  }
}

describe('healing an erasure set', () => {
  it('rebuilds an empty replacement drive with lode admin heal, so it can stand in for lost ones', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lode-heal-'));
    const drives = Array.from({ length: 6 }, (_, i) => join(root, `disk${i + 1}`));
    const spec = join(root, 'disk{1...6}');
    const objects = new Map<string, string>();
    try {
      let server = await startServer({ dataDir: spec, env: { LODE_SCAN_OBJECTS_PER_SECOND: '0' } });
      let s3 = server.client();
      await s3.send(new CreateBucketCommand({ Bucket: 'healme' }));
      for (const size of [0, 10, 100_000, 700_000, 2_500_000]) {
        const body = randomBytes(size);
        await s3.send(new PutObjectCommand({ Bucket: 'healme', Key: `obj-${size}`, Body: body }));
        objects.set(`obj-${size}`, md5(body));
      }
      s3.destroy();
      await server.stop();

      // Drive 2 dies and is replaced by an empty disk.
      await rm(drives[1]!, { recursive: true, force: true });
      await mkdir(drives[1]!);
      server = await startServer({ dataDir: spec, env: { LODE_SCAN_OBJECTS_PER_SECOND: '0' } });
      assert.match(server.output(), /disk2 was empty: formatted as drive 2 of set 1; healing will rebuild it/);
      const env = { ...process.env, LODE_ROOT_USER: ROOT_USER, LODE_ROOT_PASSWORD: ROOT_PASSWORD };
      const info = await exec(process.execPath, [resolve('bin/lode.js'), 'admin', 'info', '--endpoint', server.endpoint], { env });
      assert.match(info.stdout, /healing\s+\S*disk2/);
      const heal = await exec(process.execPath, [resolve('bin/lode.js'), 'admin', 'heal', '--endpoint', server.endpoint], { env });
      assert.match(heal.stdout, /5 object\(s\) scanned, \d+ healed, 0 could not be healed/);
      const after = await exec(process.execPath, [resolve('bin/lode.js'), 'admin', 'info', '--endpoint', server.endpoint], { env });
      assert.match(after.stdout, /6 ok/);
      await server.stop();

      // Now lose three other drives (parity 3): the healed drive must hold its share.
      const hidden = join(root, 'hidden');
      await mkdir(hidden);
      for (const i of [0, 2, 3]) await rename(drives[i]!, join(hidden, `disk${i + 1}`));
      server = await startServer({ dataDir: spec, env: { LODE_SCAN_OBJECTS_PER_SECOND: '0' } });
      s3 = server.client();
      await readAll(s3, 'healme', objects);
      s3.destroy();
      await server.stop();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('rebuilds drives wiped while the node runs, without a restart', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lode-hot-'));
    const drives = Array.from({ length: 6 }, (_, i) => join(root, `disk${i + 1}`));
    const objects = new Map<string, string>();
    const server = await startServer({ dataDir: join(root, 'disk{1...6}'), env: { LODE_SCAN_OBJECTS_PER_SECOND: '0' } });
    const s3 = server.client();
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'hot' }));
      for (let i = 0; i < 20; i++) {
        const body = randomBytes(i * 50_000);
        await s3.send(new PutObjectCommand({ Bucket: 'hot', Key: `k${i}`, Body: body }));
        objects.set(`k${i}`, md5(body));
      }
      await rm(drives[0]!, { recursive: true, force: true });
      await rm(drives[5]!, { recursive: true, force: true });
      await readAll(s3, 'hot', objects);
      // New, empty disks where the lost ones were.
      await mkdir(drives[0]!);
      await mkdir(drives[5]!);
      const env = { ...process.env, LODE_ROOT_USER: ROOT_USER, LODE_ROOT_PASSWORD: ROOT_PASSWORD };
      const heal = await exec(process.execPath, [resolve('bin/lode.js'), 'admin', 'heal', '--endpoint', server.endpoint], { env });
      assert.match(heal.stdout, /20 object\(s\) scanned, \d+ healed, 0 could not be healed/);
      const info = await exec(process.execPath, [resolve('bin/lode.js'), 'admin', 'info', '--endpoint', server.endpoint], { env });
      assert.match(info.stdout, /6 drive\(s\), 6 ok/);
    } finally {
      s3.destroy();
      await server.stop();
    }
    try {
      // The rebuilt drives stand in for three others (3 + 3: any three drives hold everything).
      for (const i of [1, 2, 3]) await rm(drives[i]!, { recursive: true, force: true });
      const again = await startServer({ dataDir: join(root, 'disk{1...6}'), env: { LODE_SCAN_OBJECTS_PER_SECOND: '0' } });
      const s3b = again.client();
      try {
        await readAll(s3b, 'hot', objects);
      } finally {
        s3b.destroy();
        await again.stop();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('keeps serving when one drive fills up (ENOSPC on a small tmpfs)', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('mounting a tmpfs needs root');
    const root = await mkdtemp(join(tmpdir(), 'lode-full-'));
    // Every drive its own file system (Lode refuses a mix of mounted and unmounted drives); the fourth is tiny.
    const mounts = [1, 2, 3, 4].map((i) => join(root, `disk${i}`));
    try {
      for (const [i, dir] of mounts.entries()) {
        await mkdir(dir);
        await exec('mount', ['-t', 'tmpfs', '-o', i === 3 ? 'size=3m' : 'size=64m', 'tmpfs', dir]);
      }
    } catch (err) {
      for (const dir of mounts) await exec('umount', [dir]).catch(() => undefined);
      await rm(root, { recursive: true, force: true });
      return t.skip(`cannot mount a tmpfs here: ${(err as Error).message}`);
    }
    const objects = new Map<string, string>();
    try {
      // 4 drives: 2 data + 2 parity, write quorum 3: a full drive is survivable.
      const server = await startServer({ dataDir: join(root, 'disk{1...4}'), workers: 1, env: { LODE_SCAN_OBJECTS_PER_SECOND: '0' } });
      const s3 = server.client();
      try {
        await s3.send(new CreateBucketCommand({ Bucket: 'fills' }));
        // Each object puts ~0.5 MiB on every drive: the 3 MiB drive fills within a few.
        for (let i = 0; i < 12; i++) {
          const body = randomBytes(1024 * 1024);
          await s3.send(new PutObjectCommand({ Bucket: 'fills', Key: `o${i}`, Body: body }));
          objects.set(`o${i}`, md5(body));
        }
        await readAll(s3, 'fills', objects);
        assert.match(server.output(), /is full: no space left/);
      } finally {
        s3.destroy();
        await server.stop();
      }
    } finally {
      for (const dir of mounts) await exec('umount', [dir]).catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    }
  });
});
