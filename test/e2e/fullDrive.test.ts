// A drive filled by small objects (inline in the index record): the index
// commit fails for want of space. Every refused write must be a 507
// InsufficientStorage, no worker may die, every acknowledged object must read
// back, and deleting objects must make room for new writes. Also a drive
// whose file system turns read-only under the index. Needs root (tmpfs).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ROOT_PASSWORD, ROOT_USER, startServer, type RunningServer } from './harness.js';

const exec = promisify(execFile);
const BIN = resolve('bin/lode.js');
/** A drive's line in `lode admin info` with the state 'full' ("   1. full     /path ..."). */
const FULL_DRIVE_LINE = /^\s+\d+\. full\s/m;
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

/** Mounts a tmpfs of `size` on each dir under a new temp root; undefined when this machine cannot (not root, no tmpfs). */
async function mountTmpfs(
  count: number,
  size: string,
): Promise<{ root: string; dirs: string[]; unmount: () => Promise<void> } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const root = await mkdtemp(join(tmpdir(), 'lode-fulldrive-'));
  const dirs = Array.from({ length: count }, (_, i) => join(root, `disk${i + 1}`));
  const unmount = async (): Promise<void> => {
    for (const dir of dirs) await exec('umount', [dir]).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  };
  try {
    for (const dir of dirs) {
      await mkdir(dir);
      await exec('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
    }
  } catch {
    await unmount();
    return undefined;
  }
  return { root, dirs, unmount };
}

function statusOf(err: unknown): string {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return `${e.$metadata?.httpStatusCode ?? 'no answer'} ${e.name ?? String(err)}`;
}

/** No worker died and nothing went unhandled while the test ran. */
function assertNoCrash(server: RunningServer): void {
  const out = server.output();
  assert.doesNotMatch(out, /exited|Uncaught|Unhandled/i, out.slice(-3000));
}

async function lodeAdminInfo(server: RunningServer): Promise<string> {
  const r = await exec(process.execPath, [BIN, 'admin', 'info', '--endpoint', server.endpoint], {
    env: { ...process.env, LODE_ROOT_USER: ROOT_USER, LODE_ROOT_PASSWORD: ROOT_PASSWORD },
  });
  return r.stdout;
}

/** Small objects (4-64 KiB, all inline) from 4 clients at once until 8 writes were refused. Returns what was acknowledged. */
async function fill(s3: S3Client, bucket: string): Promise<Map<string, string>> {
  const stored = new Map<string, string>();
  const refusals: string[] = [];
  let next = 0;
  const client = async (): Promise<void> => {
    while (refusals.length < 8 && next < 5000) {
      const key = `small/${next++}`;
      const body = randomBytes(4096 + Math.floor(Math.random() * 60 * 1024));
      try {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
        stored.set(key, md5(body));
      } catch (err) {
        refusals.push(statusOf(err));
      }
    }
  };
  await Promise.all([client(), client(), client(), client()]);
  assert.ok(stored.size > 20, `only ${stored.size} objects fit`);
  assert.deepEqual(new Set(refusals), new Set(['507 InsufficientStorage']), `refusals: ${refusals.join(', ')}`);
  return stored;
}

async function readAll(s3: S3Client, bucket: string, objects: ReadonlyMap<string, string>): Promise<void> {
  for (const [key, digest] of objects) {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    assert.equal(md5(Buffer.from(await got.Body!.transformToByteArray())), digest, key);
  }
}

for (const drives of [1, 4]) {
  describe(`a drive filled by small objects (${drives} drive${drives > 1 ? 's' : ''})`, () => {
    let mounts: Awaited<ReturnType<typeof mountTmpfs>>;
    let server: RunningServer | undefined;
    let s3: S3Client | undefined;
    before(async () => {
      mounts = await mountTmpfs(drives, '12m');
      if (mounts === undefined) return;
      const dataDir = drives === 1 ? mounts.dirs[0]! : join(mounts.root, `disk{1...${drives}}`);
      // One worker: `admin info` then reports what the process that took the writes saw.
      server = await startServer({ dataDir, workers: 1 });
      s3 = server.client();
    });
    after(async () => {
      s3?.destroy();
      await server?.stop();
      await mounts?.unmount();
    });

    it('refuses writes with 507, keeps every acknowledged object, and takes writes again after deletes', async (t) => {
      if (server === undefined || s3 === undefined) return t.skip('mounting a tmpfs needs root');
      await s3.send(new CreateBucketCommand({ Bucket: 'fills' }));
      const stored = await fill(s3, 'fills');
      assertNoCrash(server);
      assert.match(server.output(), /is full/);
      // With 4 clients and sizes of 4-64 KiB, a smaller write may have fitted after
      // the last refusal (and a drive that takes a write is no longer "full"): the
      // largest size, alone, is refused now, so that info reports the drive full.
      await assert.rejects(
        s3.send(new PutObjectCommand({ Bucket: 'fills', Key: 'small/largest', Body: randomBytes(64 * 1024) })),
        (err: unknown) => statusOf(err) === '507 InsufficientStorage',
      );
      assert.match(await lodeAdminInfo(server), FULL_DRIVE_LINE);
      await readAll(s3, 'fills', stored);

      // Deleting works on the full drive (LMDB reuses pages it frees), and makes room.
      const keys = [...stored.keys()];
      for (const key of keys.slice(0, Math.ceil(keys.length / 2))) {
        await s3.send(new DeleteObjectCommand({ Bucket: 'fills', Key: key }));
        stored.delete(key);
      }
      for (let i = 0; i < 20; i++) {
        const body = randomBytes(16 * 1024);
        await s3.send(new PutObjectCommand({ Bucket: 'fills', Key: `again/${i}`, Body: body }));
        stored.set(`again/${i}`, md5(body));
      }
      await readAll(s3, 'fills', stored);
      assert.match(server.output(), /takes writes again/);
      assert.doesNotMatch(await lodeAdminInfo(server), FULL_DRIVE_LINE);
      assertNoCrash(server);
    });
  });
}

/**
 * An ext4 file system on a loop device under dir (mounted errors=remount-ro)
 * and the sysfs switch that makes ext4 fail as on a disk error, which
 * remounts it read-only at once. (A tmpfs cannot be remounted read-only
 * while LMDB holds its files open for writing.) Undefined when this machine
 * cannot.
 */
async function mountExt4(dir: string): Promise<{ trigger: string; unmount: () => Promise<void> } | undefined> {
  const image = `${dir}.img`;
  const unmount = async (): Promise<void> => {
    await exec('umount', [dir]).catch(() => undefined);
    await rm(image, { force: true });
  };
  try {
    await mkdir(dir, { recursive: true });
    await exec('truncate', ['-s', '64M', image]);
    await exec('mkfs.ext4', ['-q', '-F', image]);
    await exec('mount', ['-o', 'loop,errors=remount-ro', image, dir]);
    const source = (await exec('findmnt', ['-no', 'SOURCE', dir])).stdout.trim();
    const trigger = `/sys/fs/ext4/${source.replace(/^\/dev\//, '')}/trigger_fs_error`;
    await exec('test', ['-w', trigger]);
    return { trigger, unmount };
  } catch {
    await unmount();
    return undefined;
  }
}

describe('a drive whose file system turns read-only under the index', () => {
  it('1 drive: writes get 500 InternalError, reads still work, no worker dies', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('mounting needs root');
    const root = await mkdtemp(join(tmpdir(), 'lode-rofs-'));
    const ext4 = await mountExt4(join(root, 'disk'));
    if (ext4 === undefined) {
      await rm(root, { recursive: true, force: true });
      return t.skip('cannot mount an ext4 loop device here');
    }
    try {
      const server = await startServer({ dataDir: join(root, 'disk', 'lode'), workers: 1 });
      const s3 = server.client();
      try {
        await s3.send(new CreateBucketCommand({ Bucket: 'rofs' }));
        const before = randomBytes(8000);
        await s3.send(new PutObjectCommand({ Bucket: 'rofs', Key: 'before', Body: before }));
        await writeFile(ext4.trigger, '1');
        const answers: string[] = [];
        for (const body of [randomBytes(8000), randomBytes(8000), randomBytes(300_000)]) {
          await s3.send(new PutObjectCommand({ Bucket: 'rofs', Key: 'after', Body: body })).then(
            () => answers.push('200'),
            (err: unknown) => answers.push(statusOf(err)),
          );
        }
        await s3.send(new DeleteObjectCommand({ Bucket: 'rofs', Key: 'before' })).then(
          () => answers.push('204'),
          (err: unknown) => answers.push(statusOf(err)),
        );
        assert.deepEqual(new Set(answers), new Set(['500 InternalError']), answers.join(', '));
        await readAll(s3, 'rofs', new Map([['before', md5(before)]]));
        assert.match(server.output(), /is readonly/);
        assertNoCrash(server);
      } finally {
        s3.destroy();
        await server.stop();
      }
    } finally {
      await ext4.unmount();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('4 drives: the set writes on without the read-only drive (write quorum 3)', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('mounting needs root');
    const mounts = await mountTmpfs(3, '32m');
    if (mounts === undefined) return t.skip('cannot mount a tmpfs here');
    // Slot 1 (the first arbiter) is the ext4 that fails; slots 2-4 are the tmpfs mounts.
    const ext4 = await mountExt4(join(mounts.root, 'disk0'));
    if (ext4 === undefined) {
      await mounts.unmount();
      return t.skip('cannot mount an ext4 loop device here');
    }
    try {
      await mkdir(join(mounts.root, 'disk0', 'lode'));
      for (const dir of mounts.dirs) await mkdir(join(dir, 'lode'));
      const server = await startServer({ dataDir: join(mounts.root, 'disk{0...3}', 'lode'), workers: 1 });
      const s3 = server.client();
      try {
        await s3.send(new CreateBucketCommand({ Bucket: 'rofs' }));
        await writeFile(ext4.trigger, '1');
        const stored = new Map<string, string>();
        for (let i = 0; i < 10; i++) {
          const body = randomBytes(i % 2 === 0 ? 8000 : 300_000);
          await s3.send(new PutObjectCommand({ Bucket: 'rofs', Key: `k${i}`, Body: body }));
          stored.set(`k${i}`, md5(body));
        }
        await readAll(s3, 'rofs', stored);
        assert.match(server.output(), /is readonly/);
        assertNoCrash(server);
      } finally {
        s3.destroy();
        await server.stop();
      }
    } finally {
      await ext4.unmount();
      await mounts.unmount();
    }
  });
});
