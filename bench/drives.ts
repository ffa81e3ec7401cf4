// PUT and GET throughput of one Lode node on 1 drive against 8 drives
// (erasure-coded, default parity), same machine, same run, as a ratio.
// Starts each server itself on temporary directories.
//
//   npm run bench:drives                 // 64 MiB objects, 4 in flight
//   node dist-test/bench/drives.js 16 8       // 16 MiB objects, 8 in flight
import { spawn, type ChildProcess } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signRequest } from '../src/s3/auth/index.js';

const MiB = 1024 * 1024;
const OBJECT_MIB = Number(process.argv[2] ?? 64);
const CONCURRENCY = Number(process.argv[3] ?? 4);
const OBJECTS = 16;
const USER = 'benchroot';
const SECRET = 'benchsecret123';
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const keyCache = new Map<string, Buffer>();

async function startLode(drives: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [resolve('bin/lode.js'), 'server', '--address', '127.0.0.1:0', drives], {
    env: { ...process.env, LODE_ROOT_USER: USER, LODE_ROOT_PASSWORD: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const port = await new Promise<number>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /S3 API on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m !== null) ok(Number(m[1]));
    });
    child.once('exit', (code) => fail(new Error(`lode exited with ${code}`)));
  });
  return { port, child };
}

function call(port: number, method: string, path: string, body?: Buffer): Promise<number> {
  const headers = signRequest({ method, host: `127.0.0.1:${port}`, rawPath: path, accessKeyId: USER, secretAccessKey: SECRET, keyCache });
  if (body !== undefined) headers['content-length'] = String(body.length);
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () =>
        res.statusCode !== undefined && res.statusCode < 300 ? ok(bytes) : fail(new Error(`${method} ${path}: ${res.statusCode}`)),
      );
    });
    req.on('error', fail);
    req.end(body);
  });
}

async function run(label: string, drives: string, body: Buffer): Promise<{ put: number; get: number }> {
  const { port, child } = await startLode(drives);
  try {
    await call(port, 'PUT', '/bench');
    const timed = async (op: (i: number) => Promise<void>): Promise<number> => {
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i < OBJECTS; i = next++) await op(i);
        }),
      );
      return (OBJECTS * body.length) / MiB / ((performance.now() - start) / 1000);
    };
    const put = await timed(async (i) => void (await call(port, 'PUT', `/bench/obj-${i}`, body)));
    const get = await timed(async (i) => {
      const bytes = await call(port, 'GET', `/bench/obj-${i}`);
      if (bytes !== body.length) throw new Error(`GET returned ${bytes} bytes, expected ${body.length}`);
    });
    process.stdout.write(`| ${label} | ${put.toFixed(0)} | ${get.toFixed(0)} |\n`);
    return { put, get };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const body = Buffer.allocUnsafe(OBJECT_MIB * MiB);
randomFillSync(body);
const root = await mkdtemp(join(tmpdir(), 'lode-bench-'));
try {
  process.stdout.write(
    `\n${OBJECTS} objects of ${OBJECT_MIB} MiB, ${CONCURRENCY} in flight, fsync on (MiB/s)\n\n| node | PUT | GET |\n|---|---:|---:|\n`,
  );
  const one = await run('1 drive', join(root, 'single'), body);
  const eight = await run('8 drives, EC 4+4', join(root, 'ec', 'disk{1...8}'), body);
  process.stdout.write(`| 8 drives / 1 drive | ${(eight.put / one.put).toFixed(2)}× | ${(eight.get / one.get).toFixed(2)}× |\n`);
} finally {
  agent.destroy();
  await rm(root, { recursive: true, force: true });
}
