import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatProblem, formatFor, layoutOf, parseFormat, sameLayout, type Layout } from './format.js';
import { planNewLayout } from './plan.js';

const V1 = {
  format: 'lode-drive',
  formatVersion: 1,
  deploymentId: 'dep',
  driveId: 'd0',
  layout: { sets: [['d0']], dataShards: 1, parityShards: 0, placement: 'crc32c-mod-v1' },
  createdAt: '2025-01-01T00:00:00.000Z',
};

function counter(): () => string {
  let n = 0;
  return () => `id${n++}`;
}

function problemOf(text: string): FormatProblem {
  try {
    parseFormat(text, 'x/format.json');
  } catch (err) {
    assert.ok(err instanceof FormatProblem, String(err));
    return err;
  }
  assert.fail('parsed');
}

test('a version 1 (single-drive) format reads as a layout of one drive without parity', () => {
  const format = parseFormat(JSON.stringify(V1), 'x');
  assert.deepEqual(layoutOf(format), {
    deploymentId: 'dep',
    sets: [['d0']],
    setSize: 1,
    parity: { standard: 0, reducedRedundancy: 0 },
    placement: 'crc32c-mod-v1',
  });
});

test('a single-drive layout is still written as version 1, exactly as today', () => {
  const { layout, driveIds } = planNewLayout(1, { newId: counter() });
  const format = formatFor(layout, driveIds[0] ?? '', V1.createdAt);
  assert.deepEqual(format, { ...V1, deploymentId: 'id0', driveId: 'id1', layout: { ...V1.layout, sets: [['id1']] } });
});

test('version 2 round-trips through JSON for every drive of the layout', () => {
  const { layout, driveIds } = planNewLayout(32, { newId: counter() });
  for (const driveId of driveIds) {
    const format = formatFor(layout, driveId, V1.createdAt);
    assert.equal(format.formatVersion, 2);
    const back = parseFormat(JSON.stringify(format), 'x');
    assert.equal(back.driveId, driveId);
    assert.ok(sameLayout(layoutOf(back), layout));
  }
  assert.throws(() => formatFor(layout, 'stranger', V1.createdAt), /not in the layout/);
});

test('layouts differ when any slot, size or default differs', () => {
  const { layout } = planNewLayout(8, { newId: counter() });
  const swapped: Layout = { ...layout, sets: [[...(layout.sets[0] ?? [])].reverse()] };
  assert.ok(sameLayout(layout, { ...layout, sets: layout.sets.map((s) => [...s]) }));
  assert.ok(!sameLayout(layout, swapped));
  assert.ok(!sameLayout(layout, { ...layout, parity: { standard: 3, reducedRedundancy: 2 } }));
  assert.ok(!sameLayout(layout, { ...layout, deploymentId: 'other' }));
});

test('foreign, newer and damaged formats are told apart', () => {
  const { layout, driveIds } = planNewLayout(4, { newId: counter() });
  const good = formatFor(layout, driveIds[0] ?? '', V1.createdAt) as unknown as Record<string, unknown> & {
    layout: Record<string, unknown>;
  };
  const variant = (change: (f: typeof good) => void): string => {
    const copy = JSON.parse(JSON.stringify(good)) as typeof good;
    change(copy);
    return JSON.stringify(copy);
  };
  assert.equal(problemOf('{"format": "minio"}').kind, 'foreign');
  assert.equal(problemOf('[1]').kind, 'foreign');
  assert.equal(problemOf(variant((f) => (f['formatVersion'] = 3))).kind, 'unsupported');
  assert.match(problemOf(variant((f) => (f['formatVersion'] = 3))).message, /newer Lode \(format version 3; this build reads up to 2\)/);
  assert.equal(problemOf('{"format": "lode-drive", ').kind, 'damaged');
  const damaged: Array<[string, (f: typeof good) => void]> = [
    ['version', (f) => (f['formatVersion'] = 0)],
    ['ids', (f) => (f['driveId'] = '')],
    ['not listed', (f) => (f['driveId'] = 'elsewhere')],
    ['sets', (f) => (f.layout['sets'] = [])],
    ['twice', (f) => (f.layout['sets'] = [[driveIds[0], driveIds[0], driveIds[1], driveIds[2]]])],
    ['set size', (f) => (f.layout['setSize'] = 5)],
    ['parity', (f) => (f.layout['parity'] = { standard: 2 })],
    ['placement', (f) => (f.layout['placement'] = 'random')],
  ];
  for (const [what, change] of damaged) assert.equal(problemOf(variant(change)).kind, 'damaged', what);
  assert.equal(problemOf(JSON.stringify({ ...V1, layout: { ...V1.layout, sets: [['d0', 'd1']] } })).kind, 'damaged');
});
