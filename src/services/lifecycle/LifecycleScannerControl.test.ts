// Running the scanner: aborting a pass, pacing it, the background loop,
// and the options it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../util/logger.js';
import { DAY, ago, FakeStore, rule, scanner } from './LifecycleScanner.fixtures.js';

test('an aborted pass stops between operations and rejects', async () => {
  const store = new FakeStore().bucket('plain', [rule({ expiration: { days: 1 } })]);
  for (const key of ['a', 'b', 'c', 'd']) store.put('plain', key, ago(5 * DAY));
  const controller = new AbortController();
  store.beforeDelete = () => controller.abort();
  await assert.rejects(scanner(store).runOnce(controller.signal), { name: 'AbortError' });
  assert.equal(Object.keys(store.keys('plain')).length, 3, 'the delete in flight completes, no other starts');
});

test('a paced pass waiting for its budget ends as soon as it is aborted', async () => {
  const store = new FakeStore().bucket('plain', [rule({ expiration: { days: 1 } })]);
  store.put('plain', 'a', ago(5 * DAY));
  const controller = new AbortController();
  const pass = scanner(store, { maxOpsPerSecond: 0.001 }).runOnce(controller.signal);
  setImmediate(() => controller.abort());
  await assert.rejects(pass, { name: 'AbortError' });
  assert.deepEqual(store.keys('plain'), { a: ['null'] });
});

// The timeout only turns a pass that never acts into a failure instead of a hang.
test('start() runs passes in the background until stop()', { timeout: 10_000 }, async () => {
  const store = new FakeStore().bucket('plain', [rule({ expiration: { days: 1 } })]);
  store.put('plain', 'a', ago(5 * DAY));
  let logged: (fields: unknown) => void = () => {};
  const passed = new Promise<unknown>((resolve) => {
    logged = resolve;
  });
  const worker = scanner(store, { log: { ...silentLogger, info: (_message, fields) => logged(fields) } });
  worker.start();
  const report = (await passed) as { currentExpired?: number };
  await worker.stop();
  assert.equal(report.currentExpired, 1);
  assert.deepEqual(store.keys('plain'), {});
});

test('options are checked', () => {
  const store = new FakeStore();
  assert.throws(() => scanner(store, { dayMs: 0 }), /dayMs/);
  assert.throws(() => scanner(store, { maxOpsPerSecond: 0 }), /maxOpsPerSecond/);
  assert.throws(() => scanner(store, { pageSize: 1001 }), /pageSize/);
});
