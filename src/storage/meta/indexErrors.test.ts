import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StoreError } from '../StoreError.js';
import { toIndexError } from './indexErrors.js';
import { LmdbIndex } from './LmdbIndex.js';

const exec = promisify(execFile);

/** lmdb-js's shape of a failed commit: the cause in a separately rejected promise. */
function commitFailed(cause: Error): Error {
  const commitError = Promise.reject(cause);
  commitError.catch(() => undefined);
  return Object.assign(new Error('Commit failed (see commitError for details)'), { commitError });
}

const lmdbErrno = (message: string, code: number): Error => Object.assign(new Error(message), { code });

test('index failures become DriveFull / DriveReadOnly / DriveFailed; a callback error passes through', async () => {
  const dir = tmpdir(); // plenty of room: an EIO here is a failing disk, not a full one
  const codeOf = async (err: unknown): Promise<string | undefined> => {
    const mapped = await toIndexError(err, dir);
    return mapped instanceof StoreError ? mapped.code : undefined;
  };
  assert.equal(await codeOf(commitFailed(lmdbErrno('No space left on device', 28))), 'DriveFull');
  assert.equal(await codeOf(lmdbErrno('MDB_MAP_FULL: Environment mapsize limit reached', -30792)), 'DriveFull');
  assert.equal(await codeOf(commitFailed(lmdbErrno('Read-only file system', 30))), 'DriveReadOnly');
  assert.equal(await codeOf(commitFailed(lmdbErrno('Input/output error', 5))), 'DriveFailed');
  assert.equal(await codeOf(new Error('mdb_page_spill flushing error 5')), 'DriveFailed');
  assert.equal(await codeOf(lmdbErrno('MDB_PANIC: Update of meta page failed or environment had fatal error', -30795)), 'DriveFailed');
  // A commit whose cause lmdb-js has not reported (yet) is still an index failure, and is not waited for.
  const pending = Object.assign(new Error('Commit failed (see commitError for details)'), {
    commitError: new Promise<never>(() => undefined),
  });
  assert.equal(await codeOf(pending), 'DriveFailed');
  const precondition = new StoreError('PreconditionFailed', 'If-None-Match');
  assert.equal(await toIndexError(precondition, dir), precondition);
  const bug = new TypeError('x is undefined');
  assert.equal(await toIndexError(bug, dir), bug);
});

test('an index on a full file system refuses writes with DriveFull, stays usable, and takes writes again after deletes', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('mounting a tmpfs needs root');
  const root = await mkdtemp(join(tmpdir(), 'lode-index-full-'));
  const mount = join(root, 'fs');
  await mkdir(mount);
  try {
    await exec('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    return t.skip(`cannot mount a tmpfs here: ${(err as Error).message}`);
  }
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const index = LmdbIndex.open(join(mount, 'index'));
  const conditions: string[] = [];
  index.onConditionChange = (c) => conditions.push(c.state);
  try {
    const stored: Buffer[] = [];
    let refused: unknown;
    // Several writes per event turn, as concurrent requests make them: they share (and fail) one commit.
    for (let n = 0; refused === undefined && n < 1000; n += 4) {
      const keys = [0, 1, 2, 3].map((i) => Buffer.from(`k${n + i}`));
      const results = await Promise.allSettled(keys.map((key) => index.transact((txn) => txn.put('inline', key, randomBytes(16 * 1024)))));
      results.forEach((r, i) => (r.status === 'fulfilled' ? stored.push(keys[i]!) : (refused = r.reason as unknown)));
    }
    assert.ok(refused instanceof StoreError && refused.code === 'DriveFull', `refused with ${String(refused)}`);
    assert.equal(index.condition.state, 'full');
    // Still readable, and deletes go through on the full file system (LMDB reuses the pages it frees).
    assert.equal(index.get('inline', stored[0]!)?.length, 16 * 1024);
    // One key per transaction, as DELETE requests come: a big one could need more fresh pages than a full drive has.
    for (const key of stored.slice(0, stored.length / 2)) await index.transact((txn) => txn.remove('inline', key));
    for (let i = 0; i < 8; i++) await index.transact((txn) => txn.put('inline', Buffer.from(`again${i}`), randomBytes(16 * 1024)));
    assert.equal(index.condition.state, 'ok');
    assert.deepEqual(conditions, ['full', 'ok']);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await index.close();
    await exec('umount', [mount]).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }
});
