import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddress, parseServerArgs } from './config.js';

test('parseAddress accepts HOST:PORT, :PORT, PORT and [v6]:PORT', () => {
  assert.deepEqual(parseAddress('127.0.0.1:9000'), { host: '127.0.0.1', port: 9000 });
  assert.deepEqual(parseAddress(':9001'), { host: '0.0.0.0', port: 9001 });
  assert.deepEqual(parseAddress('9002'), { host: '0.0.0.0', port: 9002 });
  assert.deepEqual(parseAddress('[::1]:9003'), { host: '::1', port: 9003 });
  assert.throws(() => parseAddress('localhost'), /HOST:PORT/);
  assert.throws(() => parseAddress('x:70000'), /out of range/);
});

test('flags win over the environment', () => {
  const c = parseServerArgs(['--address=127.0.0.1:1', '--workers', '3', '/data'], {
    LODE_ADDRESS: ':2',
    LODE_WORKERS: '5',
    LODE_ROOT_USER: 'user',
    LODE_ROOT_PASSWORD: 'password1',
  });
  assert.equal(c.port, 1);
  assert.equal(c.workers, 3);
  assert.equal(c.rootUser, 'user');
  assert.equal(c.dataDir, '/data');
  assert.ok(Object.isFrozen(c));
});

test('several drives and brace ranges make a multi-drive node', () => {
  const c = parseServerArgs(['/mnt/disk{1...4}', '/mnt/extra', '--parity', '2'], {});
  assert.deepEqual(c.drives, ['/mnt/disk1', '/mnt/disk2', '/mnt/disk3', '/mnt/disk4', '/mnt/extra']);
  assert.equal(c.dataDir, '/mnt/disk1');
  assert.deepEqual(c.parity, { standard: 2 });
});

test('bad arguments are explained', () => {
  assert.throws(() => parseServerArgs([], {}), /missing data directory/);
  assert.throws(() => parseServerArgs(['/d{1..4}'], {}), /three dots/);
  assert.throws(() => parseServerArgs(['--parity', '9', 'd'], {}), /from 0 to 8/);
  assert.throws(() => parseServerArgs(['--root-user', 'abc', 'd'], {}), /both/);
  assert.throws(() => parseServerArgs(['--root-user', 'abc', '--root-password', 'short', 'd'], {}), /at least 8/);
  assert.throws(() => parseServerArgs(['--workers', '0', 'd'], {}), /whole number/);
});

test('lifecycle timing: real days by default, compressed by flag or environment', () => {
  assert.deepEqual(parseServerArgs(['d'], {}).lifecycle, { dayMs: 86_400_000, intervalMs: 3_600_000 });
  const env = parseServerArgs(['d'], { LODE_LIFECYCLE_DAY_SECONDS: '2', LODE_LIFECYCLE_INTERVAL_SECONDS: '0.5' });
  assert.deepEqual(env.lifecycle, { dayMs: 2000, intervalMs: 500 });
  const flags = parseServerArgs(['--lifecycle-day-seconds', '0.25', '--lifecycle-interval-seconds=1', 'd'], {
    LODE_LIFECYCLE_DAY_SECONDS: '2',
  });
  assert.deepEqual(flags.lifecycle, { dayMs: 250, intervalMs: 1000 });
  assert.throws(() => parseServerArgs(['--lifecycle-day-seconds', '0', 'd'], {}), /positive number of seconds/);
  assert.throws(() => parseServerArgs(['--lifecycle-interval-seconds', 'soon', 'd'], {}), /positive number of seconds/);
  assert.throws(() => parseServerArgs(['d'], { LODE_LIFECYCLE_DAY_SECONDS: '-1' }), /LODE_LIFECYCLE_DAY_SECONDS/);
});
