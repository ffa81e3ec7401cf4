// What a pass leaves alone: versions under legal hold or retention, and
// deletes the store refuses (logged; the pass goes on).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger, type Logger } from '../../util/logger.js';
import { NOW, DAY, ago, FakeStore, rule, scanner } from './LifecycleScanner.fixtures.js';

test('versions under legal hold or retention are left alone, whether listed as locked or refused', async () => {
  const store = new FakeStore().bucket('locked', [rule({ noncurrentVersionExpiration: { noncurrentDays: 1 } })], 'Enabled');
  const held = store.put('locked', 'k', ago(10 * DAY), { legalHold: true });
  const retained = store.put('locked', 'k', ago(9 * DAY), { retention: { mode: 'COMPLIANCE', retainUntil: new Date(NOW + 1e9) } });
  const lapsed = store.put('locked', 'k', ago(8 * DAY), { retention: { mode: 'GOVERNANCE', retainUntil: ago(1) } });
  const hidden = store.put('locked', 'k', ago(7 * DAY));
  const current = store.put('locked', 'k', ago(6 * DAY));
  store.hiddenLocks.add(hidden);
  const report = await scanner(store).runOnce(new AbortController().signal);
  assert.deepEqual(store.keys('locked'), { k: [current, hidden, retained, held] });
  assert.deepEqual(store.deletes, [`k@${lapsed}`]);
  assert.deepEqual(store.attempts, [`k@${hidden}`, `k@${lapsed}`], 'versions the listing shows locked are not even tried');
  assert.equal(report.locked, 3);
  assert.equal(report.noncurrentExpired, 1);
  assert.equal(report.errors, 0);
});

test('a failing delete is logged and the pass goes on; buckets without rules are not walked', async () => {
  const errors: string[] = [];
  const log: Logger = { ...silentLogger, error: (message, fields) => errors.push(`${message} ${String(fields?.['key'])}`) };
  const store = new FakeStore().bucket('b', [rule({ expiration: { days: 1 } })]).bucket('norules', []);
  store.get('norules').config = {};
  store.put('b', 'bad', ago(5 * DAY));
  store.put('b', 'good', ago(5 * DAY));
  store.put('norules', 'x', ago(500 * DAY));
  store.beforeDelete = (input) => {
    if (input.key === 'bad') throw new Error('disk on fire');
  };
  const report = await scanner(store, { log }).runOnce(new AbortController().signal);
  assert.deepEqual(store.keys('b'), { bad: ['null'] });
  assert.deepEqual(store.keys('norules'), { x: ['null'] });
  assert.equal(report.errors, 1);
  assert.equal(report.buckets, 1);
  assert.deepEqual(errors, ['lifecycle: action failed bad']);
});
