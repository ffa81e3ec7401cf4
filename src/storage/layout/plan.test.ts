import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planNewLayout, slotOf } from './plan.js';

function counter(): () => string {
  let n = 0;
  return () => `id${n++}`;
}

test('eight drives make one set of eight with parity 4 (STANDARD) and 2 (REDUCED_REDUNDANCY)', () => {
  const { layout, driveIds } = planNewLayout(8, { newId: counter() });
  assert.equal(layout.deploymentId, 'id0');
  assert.deepEqual(driveIds, ['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'id7', 'id8']);
  assert.deepEqual(layout.sets, [driveIds]);
  assert.equal(layout.setSize, 8);
  assert.deepEqual(layout.parity, { standard: 4, reducedRedundancy: 2 });
  assert.equal(layout.placement, 'crc32c-mod-v1');
});

test('drives are dealt round-robin over the sets, so neighbours land in different sets', () => {
  const { layout, driveIds } = planNewLayout(24, { newId: counter() });
  assert.equal(layout.sets.length, 2);
  assert.equal(layout.setSize, 12);
  driveIds.forEach((id, k) => assert.deepEqual(slotOf(layout, id), { setIndex: k % 2, driveIndex: Math.floor(k / 2) }));
  assert.equal(slotOf(layout, 'nobody'), undefined);
});

test('options: explicit set size and parity, checked', () => {
  const { layout } = planNewLayout(16, { setSize: 8, parity: { standard: 3, reducedRedundancy: 1 }, newId: counter() });
  assert.equal(layout.sets.length, 2);
  assert.deepEqual(layout.parity, { standard: 3, reducedRedundancy: 1 });
  assert.throws(() => planNewLayout(16, { setSize: 5 }), /does not divide/);
  assert.throws(() => planNewLayout(8, { parity: { standard: 5 } }), /more than half/);
  assert.throws(() => planNewLayout(17), /use 16 or 18 drives/);
  assert.throws(() => planNewLayout(4, { newId: () => 'same' }), /same id twice/);
});

test('fresh ids are unique', () => {
  const a = planNewLayout(4);
  const b = planNewLayout(4);
  assert.notEqual(a.layout.deploymentId, b.layout.deploymentId);
  assert.equal(new Set([...a.driveIds, ...b.driveIds]).size, 8);
});
