// Starts the real `lode` server (bin/lode.js, as a user would) on a free port
// and a temporary data directory, and hands out clients bound to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';

export const ROOT_USER = 'lodetestroot';
export const ROOT_PASSWORD = 'lodetestsecret123';
const BIN = resolve('bin/lode.js');

export interface RunningServer {
  endpoint: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  output(): string;
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

export async function startServer(options: { dataDir?: string; workers?: number; extraArgs?: string[]; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const args = [BIN, 'server', '--address', '127.0.0.1:0', '--workers', String(options.workers ?? 2), ...(options.extraArgs ?? []), dataDir];
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
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const server: RunningServer = {
    endpoint,
    port,
    dataDir,
    process: child,
    output: () => out,
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
  return server;
}
