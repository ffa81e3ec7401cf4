// Starts the real `lode` server (bin/lode.js, as a user would) on a free port
// and a temporary data directory, and hands out clients bound to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'node:test';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { S3Client } from '@aws-sdk/client-s3';
import { keepServerLog, ServerWatch } from './serverWatch.js';

export const ROOT_USER = 'lodetestroot';
export const ROOT_PASSWORD = 'lodetestsecret123';
const BIN = resolve('bin/lode.js');

export interface RunningServer {
  endpoint: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  output(): string;
  /** Crash lines (worker exits, uncaught errors) printed since the last check; see serverWatch.ts. */
  newCrashes(): string[];
  /** Throws if the server crashed since the last check (every test's afterEach does this). */
  assertHealthy(when?: string): void;
  /** The primary's worker processes, by pid, read from /proc. */
  workerPids(): number[];
  client(options?: { forcePathStyle?: boolean }): S3Client;
  /** SIGTERM and wait; keeps the data directory. */
  stop(): Promise<void>;
  /** SIGKILL the whole process group (primary and workers) at once, as a crash would. */
  kill(): Promise<void>;
  /** Stop and remove the data directory. */
  dispose(): Promise<void>;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'lode-e2e-'));
}

/** Servers still running in this test file: each is checked after every test. */
const live = new Set<RunningServer>();
// Only under the test runner (each test file runs in a child it marks so):
// scripts such as `npm run soak` use this harness without node:test.
if (process.env.NODE_TEST_CONTEXT !== undefined) {
  afterEach(() => {
    for (const server of live) server.assertHealthy('during the test');
  });
}

export interface StartOptions {
  dataDir?: string;
  workers?: number;
  extraArgs?: string[];
  env?: Record<string, string>;
  /** The test kills workers on purpose: their deaths are not failures (the test checks what it expects). */
  deathsExpected?: boolean;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const args = [
    BIN,
    'server',
    '--address',
    '127.0.0.1:0',
    '--workers',
    String(options.workers ?? 2),
    ...(options.extraArgs ?? []),
    dataDir,
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LODE_ROOT_USER: ROOT_USER, LODE_ROOT_PASSWORD: ROOT_PASSWORD, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s:\n${out}`)), 20_000);
    const onData = (): void => {
      const m = /S3 API on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const watch = new ServerWatch(() => out, options.deathsExpected === true);
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      live.delete(server);
      keepServerLog(child.pid ?? 0, out, options.deathsExpected === true);
      r();
    }),
  );
  const server: RunningServer = {
    endpoint,
    port,
    dataDir,
    process: child,
    output: () => out,
    newCrashes: () => watch.newCrashes(),
    assertHealthy: (when = 'while it ran') => watch.assertHealthy(when),
    workerPids: () => childPids(child.pid!),
    client: (o = {}) =>
      new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: o.forcePathStyle ?? true,
        credentials: { accessKeyId: ROOT_USER, secretAccessKey: ROOT_PASSWORD },
        maxAttempts: 1,
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      watch.assertHealthy('before it was stopped');
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
      await exited;
    },
    dispose: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  live.add(server);
  return server;
}

/** Processes whose parent is `parentPid` (Linux /proc). */
export function childPids(parentPid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parentPid) pids.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return pids.sort((a, b) => a - b);
}

/** Open descriptors of a process split into sockets and the rest (files, pipes), or -1s if it is gone. */
export function openFileCount(pid: number): { sockets: number; files: number } {
  const counts = { sockets: 0, files: 0 };
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) counts.sockets++;
        else counts.files++;
      } catch {
        // closed meanwhile
      }
    }
    return counts;
  } catch {
    return { sockets: -1, files: -1 };
  }
}

/** Open file descriptors of a process that point at files under `dir`. */
export function openFilesUnder(pid: number, dir: string): string[] {
  const found: string[] = [];
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith(dir)) found.push(target);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    // gone
  }
  return found;
}

/** Resident anonymous memory of a process in KiB (the heap and buffers; mapped index pages excluded), or -1. */
export function anonRssKiB(pid: number): number {
  try {
    const m = /RssAnon:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? -1 : Number(m[1]);
  } catch {
    return -1;
  }
}
