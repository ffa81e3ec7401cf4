// The single-drive engine under several processes and under kill -9:
// conditional creates stay atomic across processes, and no acknowledged
// write is lost and no object is torn when the writer dies at a random moment.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isStoreError, openStorage, prepareStorage, type ObjectStore, type StoragePlan } from '../../src/storage/index.js';
import { patternBytes, readAll } from './suite/harness.js';

const signal = new AbortController().signal;
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A prepared drive and the plan other processes open it by (as a server's workers do). */
async function preparedStore(): Promise<{ dir: string; plan: StoragePlan; store: ObjectStore }> {
  const dir = await mkdtemp(join(tmpdir(), 'lode-processes-'));
  dirs.push(dir);
  const plan = await prepareStorage([dir]);
  const store = await openStorage(plan);
  await store.createBucket({ bucket: 'b', region: 'r' }, signal);
  return { dir, plan, store };
}

function run(
  script: string,
  args: string[],
): {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill: () => void;
  onLine: (fn: (line: string) => void) => void;
} {
  const child = spawn(process.execPath, [fixture(script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let partial = '';
  const listeners: Array<(line: string) => void> = [];
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const fn of listeners) fn(line);
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, killedBy) => resolve({ code, signal: killedBy, stdout, stderr }));
  });
  return { done, kill: () => void child.kill('SIGKILL'), onLine: (fn) => void listeners.push(fn) };
}

describe('local engine across processes', () => {
  it('lets exactly one of 2 processes × 10 concurrent If-None-Match creates win', async () => {
    const { plan, store } = await preparedStore();
    for (const key of ['lock-a', 'lock-b', 'lock-c']) {
      const startAt = String(Date.now() + 700);
      const children = ['p1', 'p2'].map((tag) => run('conditionalCreator.js', [JSON.stringify(plan), 'b', key, '10', startAt, tag]).done);
      const results = await Promise.all(children);
      let successes = 0;
      for (const result of results) {
        assert.equal(result.code, 0, result.stderr);
        const counts = JSON.parse(result.stdout) as { successes: number; failures: number };
        assert.equal(counts.successes + counts.failures, 10);
        successes += counts.successes;
      }
      assert.equal(successes, 1, `${key}: ${successes} creates succeeded`);
      const winner = (await readAll((await store.getObject({ bucket: 'b', key }, signal)).body)).toString();
      assert.match(winner, /^p[12]-\d$/);
    }
    await store.close();
  });

  it('keeps every acknowledged write and tears no object when the writer is killed with SIGKILL', async () => {
    const { dir, plan, store: first } = await preparedStore();
    await first.close();
    const acked = new Set<string>();
    const deleted = new Set<string>();
    const maybeDeleted = new Set<string>();
    for (let round = 1; round <= 4; round++) {
      const child = run('crashWriter.js', [JSON.stringify(plan), 'b', String(round)]);
      const ready = new Promise<void>((resolve) => child.onLine((line) => line === 'READY' && resolve()));
      child.onLine((line) => {
        const [what, key] = line.split(' ');
        if (key === undefined) return;
        if (what === 'ACK') acked.add(key);
        if (what === 'DELSTART') maybeDeleted.add(key);
        if (what === 'DEL') deleted.add(key);
      });
      await Promise.race([ready, child.done]);
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 900));
      child.kill();
      const exit = await child.done;
      assert.equal(exit.signal, 'SIGKILL', `the writer died on its own: ${exit.stderr}`);

      const replanned = await prepareStorage([dir]);
      assert.deepEqual(await readdir(join(dir, '.lode', 'tmp')), []);
      const store = await openStorage(replanned);
      const present = new Set<string>();
      let startAfter: string | undefined;
      for (;;) {
        const page = await store.listObjects({ bucket: 'b', maxKeys: 500, ...(startAfter !== undefined ? { startAfter } : {}) }, signal);
        for (const info of page.objects) {
          present.add(info.key);
          const sizeBytes = Number(info.metadata.userMetadata['size']);
          const seed = Number(info.metadata.userMetadata['seed']);
          const bytes = await readAll((await store.getObject({ bucket: 'b', key: info.key }, signal)).body);
          assert.equal(info.sizeBytes, sizeBytes, `${info.key}: size`);
          assert.ok(bytes.equals(patternBytes(sizeBytes, seed)), `${info.key} is torn`);
          assert.equal(info.etag, createHash('md5').update(bytes).digest('hex'));
        }
        if (!page.isTruncated) break;
        startAfter = page.nextStartAfter;
      }
      for (const key of acked) {
        if (deleted.has(key)) assert.ok(!present.has(key), `${key} was deleted (acknowledged) but is back`);
        else if (!maybeDeleted.has(key)) assert.ok(present.has(key), `${key} was acknowledged but is lost (round ${round})`);
      }
      await assert.rejects(
        store.headObject({ bucket: 'b', key: 'never-written' }, signal),
        (err) => isStoreError(err) && err.code === 'NoSuchKey',
      );
      await store.close();
    }
    assert.ok(acked.size > 20, `the writer acknowledged only ${acked.size} writes`);
  });
});
