// The primary's watch over its workers (src/supervisor/): a worker that
// crashes, hangs in exit or stops answering is killed and replaced within
// seconds and counted; workers never outlive their primary. These tests
// kill workers on purpose, so their servers are started with deathsExpected.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PutObjectCommand, GetObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { childPids, ROOT_PASSWORD, ROOT_USER, startServer, type RunningServer } from './harness.js';
import { run } from './tools.js';

const FAST = { LODE_WORKER_HEARTBEAT_SECONDS: '2' };

async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Running, not merely a zombie waiting for whoever adopted it to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits until the primary again runs `count` workers, none of them in `gone`, and the node serves. */
async function replaced(server: RunningServer, gone: number[], count: number): Promise<number[]> {
  const pids = await waitFor('a replacement worker', 10_000, () => {
    const now = server.workerPids();
    return now.length === count && now.every((p) => !gone.includes(p)) ? now : undefined;
  });
  await waitFor('the node to serve', 10_000, async () => {
    try {
      await server.client().send(new CreateBucketCommand({ Bucket: `probe-${Date.now()}` }));
      return true;
    } catch {
      return undefined;
    }
  });
  return pids;
}

async function adminInfo(server: RunningServer): Promise<string> {
  const env = { ...process.env, LODE_ROOT_USER: ROOT_USER, LODE_ROOT_PASSWORD: ROOT_PASSWORD, LODE_ENDPOINT: server.endpoint };
  const { stdout } = await run(process.execPath, ['bin/lode.js', 'admin', 'info', '--endpoint', server.endpoint], env);
  return stdout;
}

describe('worker supervision', { timeout: 90_000 }, () => {
  it('replaces a worker that dies of an uncaught exception, logs it with its stack, and counts the restart', async () => {
    const server = await startServer({ workers: 2, deathsExpected: true, env: { ...FAST, LODE_FAULT_INJECTION: 'uncaught' } });
    try {
      const s3 = server.client();
      await s3.send(new CreateBucketCommand({ Bucket: 'supervised' }));
      await s3.send(new PutObjectCommand({ Bucket: 'supervised', Key: 'k', Body: 'kept' }));
      const [victim] = server.workerPids();
      process.kill(victim!, 'SIGUSR2');
      await replaced(server, [victim!], 2);
      assert.match(server.output(), /Uncaught exception: Error: fault injected/);
      assert.match(server.output(), new RegExp(`worker ${victim} exited \\(1\\); starting another \\(1 worker restart since start\\)`));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'supervised', Key: 'k' }));
      assert.equal(await got.Body!.transformToString(), 'kept');
      // Either worker may answer; both hear the count from the primary.
      for (let i = 0; i < 4; i++)
        assert.match(await adminInfo(server), /Workers: 2, 1 restart\(s\) since .*\(last: worker \d+ exited \(1\)/);
    } finally {
      await server.dispose();
    }
  });

  it('SIGKILLs a worker that hangs in exit after a fatal error, within seconds', async () => {
    const server = await startServer({ workers: 2, deathsExpected: true, env: { ...FAST, LODE_FAULT_INJECTION: 'uncaught-hang-exit' } });
    try {
      const [victim] = server.workerPids();
      const started = Date.now();
      process.kill(victim!, 'SIGUSR2');
      await replaced(server, [victim!], 2);
      assert.ok(!alive(victim!), 'the hung worker is gone');
      assert.ok(Date.now() - started < 9000, `replaced after ${Date.now() - started} ms`);
      assert.match(server.output(), new RegExp(`worker ${victim} did not answer or exit: killing it \\(SIGKILL\\)`));
      assert.match(server.output(), new RegExp(`worker ${victim} exited \\(SIGKILL, killed\\)`));
    } finally {
      await server.dispose();
    }
  });

  it('SIGKILLs a worker that stops answering heartbeats (stopped process) and replaces it', async () => {
    const server = await startServer({ workers: 2, deathsExpected: true, env: FAST });
    try {
      const [victim] = server.workerPids();
      process.kill(victim!, 'SIGSTOP');
      await replaced(server, [victim!], 2);
      assert.match(
        server.output(),
        new RegExp(`worker ${victim} did not answer or exit: killing it \\(SIGKILL\\) because it stopped answering heartbeats`),
      );
    } finally {
      await server.dispose();
    }
  });

  it('workers never outlive their primary, even one killed with SIGKILL', async () => {
    const server = await startServer({ workers: 2, deathsExpected: true, env: FAST });
    const primary = server.process.pid!;
    const workers = childPids(primary);
    assert.equal(workers.length, 2);
    process.kill(primary, 'SIGKILL');
    await waitFor('the orphaned workers to exit', 8000, () => (workers.every((p) => !alive(p)) ? true : undefined));
    await server.dispose();
  });
});
