// Bitrot on disk, as a user would meet it: objects from 0 B to 200 MiB on 1
// drive and on 6, a byte flipped in a data file of each. One drive has no
// redundancy: a damaged object is refused (500 before the first byte when
// the first block is bad; a cut connection when a later one is), logged,
// and named by `lode admin heal`, which exits 1. Six drives rebuild: GETs
// return the right bytes, and heal rewrites the damaged shard (exit 0).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ROOT_PASSWORD, ROOT_USER, startServer, type RunningServer } from './harness.js';
import { flipByte } from '../support/flipByte.js';

const exec = promisify(execFile);
const KiB = 1024;
const MiB = 1024 * KiB;
const HASH_BYTES = 8;
/** Around the inline threshold (128 KiB), around the 1 MiB block, and one big object. */
const SIZES = [0, 1000, 128 * KiB, 128 * KiB + 1, MiB - 1, MiB, MiB + 1, 3 * MiB + 12_345, 200 * MiB];
const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');

/** Deterministic bytes (fast for 200 MiB): a counter pattern stirred per 4 KiB. */
function body(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  for (let at = 0; at < size; at += 4)
    out.writeUInt32LE(((at * 2654435761) ^ seed ^ (at >>> 12)) >>> 0, at - (at + 4 > size ? at + 4 - size : 0));
  return out;
}

/** fileId → path of every data file under <drive>/data. */
async function dataFiles(drive: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.set(entry.name, path);
    }
  };
  await walk(join(drive, 'data'));
  return out;
}

/** Flips one byte; returns its old value. */
async function byteAt(path: string, position: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, position);
    return byte[0]!;
  } finally {
    await handle.close();
  }
}

interface Stored {
  key: string;
  size: number;
  digest: string;
  /** The object's data file id (undefined for inline objects). */
  fileId?: string;
}

/** PUTs one object per size (twice for multi-block sizes but the biggest: one to damage early, one late); finds each one's data file by what appeared on `drive`. */
async function storeAll(s3: S3Client, bucket: string, drive: string): Promise<Stored[]> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const stored: Stored[] = [];
  for (const size of SIZES) {
    // The big one only late (the case of a download cut mid-stream), to keep the test's time down.
    for (const where of size === 200 * MiB ? ['later'] : size > MiB ? ['first', 'later'] : ['first']) {
      const key = `obj-${size}-${where}`;
      const bytes = body(size, size + where.length);
      const before = await dataFiles(drive);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
      const added = [...(await dataFiles(drive)).keys()].filter((id) => !before.has(id));
      assert.ok(added.length <= 1, `${key}: one data file`);
      stored.push({ key, size, digest: md5(bytes), ...(added[0] !== undefined ? { fileId: added[0] } : {}) });
    }
  }
  assert.equal(stored.filter((s) => s.fileId === undefined).length, 3, 'the three objects up to 128 KiB are inline');
  return stored;
}

/** The block a key's damage goes in: its first, or its last (a later one). */
function damagedBlock(s: Stored, blockBytes: number, dataBytes: number): number {
  return s.key.endsWith('-later') ? Math.ceil(dataBytes / blockBytes) - 1 : 0;
}

type GetOutcome = { ok: true; digest: string } | { ok: false; status: number | undefined; afterHeaders: boolean; error: string };

async function get(s3: S3Client, bucket: string, key: string): Promise<GetOutcome> {
  let afterHeaders = false;
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    afterHeaders = true;
    return { ok: true, digest: md5(await res.Body!.transformToByteArray()) };
  } catch (err) {
    const e = err as { $metadata?: { httpStatusCode?: number }; name?: string; message?: string };
    return { ok: false, status: e.$metadata?.httpStatusCode, afterHeaders, error: `${e.name ?? ''}: ${e.message ?? String(err)}` };
  }
}

async function lodeAdmin(server: RunningServer, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [resolve('bin/lode.js'), 'admin', ...args, '--endpoint', server.endpoint], {
      env: { ...process.env, LODE_ROOT_USER: ROOT_USER, LODE_ROOT_PASSWORD: ROOT_PASSWORD },
      maxBuffer: 16 * MiB,
    });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('bitrot on disk', () => {
  it('one drive: a damaged object is never served, is logged, and lode admin heal names it and exits 1', async (t) => {
    const server = await startServer();
    const s3 = server.client();
    try {
      const stored = await storeAll(s3, 'rot1', server.dataDir);
      const files = await dataFiles(server.dataDir);
      for (const s of stored) {
        if (s.fileId === undefined) continue;
        // A single-drive data file is a 1+0 shard file: 1 MiB blocks of the object's bytes.
        const block = damagedBlock(s, MiB, s.size);
        await flipByte(files.get(s.fileId)!, block * (HASH_BYTES + MiB) + HASH_BYTES);
      }
      for (const s of stored) {
        const got = await get(s3, 'rot1', s.key);
        if (s.fileId === undefined) {
          assert.deepEqual(got, { ok: true, digest: s.digest }, s.key);
        } else if (s.key.endsWith('-first')) {
          assert.ok(!got.ok, `${s.key} must not be served`);
          assert.equal(got.status, 500, `${s.key}: an error status, before any byte (${got.error})`);
          assert.equal(got.afterHeaders, false, s.key);
        } else {
          // Headers went out with the first (good) block; the bad one cuts the connection.
          assert.ok(!got.ok, `${s.key}: a cut download, not a short 200 (${JSON.stringify(got)})`);
          assert.equal(got.afterHeaders, true, `${s.key}: ${got.error}`);
          t.diagnostic(`${s.key}: the client saw ${got.error}`);
        }
      }
      assert.match(server.output(), /data file [0-9a-f]{30} on .* is damaged \(bitrot in block \d+/);
      const heal = await lodeAdmin(server, ['heal']);
      assert.equal(heal.code, 1, heal.stdout + heal.stderr);
      const damaged = stored.filter((s) => s.fileId !== undefined);
      assert.match(heal.stdout, new RegExp(`${stored.length} object\\(s\\) scanned, 0 healed, ${damaged.length} could not be healed`));
      for (const s of damaged)
        assert.match(
          heal.stdout,
          new RegExp(`rot1/${s.key}: data file ${s.fileId} on .* bitrot in block ${damagedBlock(s, MiB, s.size)}\\b`, 'i'),
          s.key,
        );
      for (const s of stored.filter((x) => x.fileId === undefined))
        assert.ok(!heal.stdout.includes(`rot1/${s.key}:`), `${s.key} is intact`);
    } finally {
      s3.destroy();
      await server.dispose();
    }
  });

  it('six drives: a damaged shard is rebuilt on the fly and by lode admin heal, which exits 0', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lode-rot6-'));
    const drives = Array.from({ length: 6 }, (_, i) => join(root, `disk${i + 1}`));
    const server = await startServer({ dataDir: join(root, 'disk{1...6}'), env: { LODE_SCAN_OBJECTS_PER_SECOND: '0' } });
    const s3 = server.client();
    try {
      const stored = await storeAll(s3, 'rot6', drives[0]!);
      /** Damages each object's shard on drive `slot + 1`: a byte in its first or last block. Returns what to check after heal. */
      const damage = async (
        slot: number,
      ): Promise<Array<{ key: string; path: string; position: number; old: number; sizeBytes: number }>> => {
        const files = await dataFiles(drives[slot]!);
        const flipped = [];
        for (const s of stored) {
          if (s.fileId === undefined) continue;
          const path = files.get(s.fileId)!;
          const sizeBytes = (await stat(path)).size;
          // The shard's block size is in its footer (stripe bytes / data shards): read it rather than assume the layout.
          const footer = Buffer.alloc(40);
          const handle = await open(path, 'r');
          await handle.read(footer, 0, 40, sizeBytes - 40);
          await handle.close();
          const blockBytes = Math.ceil(footer.readUInt32BE(12) / footer[9]!);
          const stripes = Math.ceil(s.size / footer.readUInt32BE(12));
          const block = damagedBlock(s, blockBytes, stripes * blockBytes);
          const position = block * (HASH_BYTES + blockBytes) + HASH_BYTES;
          flipped.push({ key: s.key, path, position, old: await flipByte(path, position), sizeBytes });
        }
        return flipped;
      };
      // heal first (GETs would queue repairs of their own and race it), then reads of fresh damage.
      const flipped = await damage(1);
      const heal = await lodeAdmin(server, ['heal']);
      assert.equal(heal.code, 0, heal.stdout + heal.stderr);
      assert.match(heal.stdout, new RegExp(`${stored.length} object\\(s\\) scanned, ${flipped.length} healed, 0 could not be healed`));
      for (const f of flipped) {
        assert.equal(await byteAt(f.path, f.position), f.old, `${f.key}: the shard file is repaired`);
        assert.equal((await stat(f.path)).size, f.sizeBytes, f.key);
      }
      await damage(4);
      for (const s of stored) assert.deepEqual(await get(s3, 'rot6', s.key), { ok: true, digest: s.digest }, s.key);
    } finally {
      s3.destroy();
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  });
});
