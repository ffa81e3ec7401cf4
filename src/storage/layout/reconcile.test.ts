import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFor, type Layout } from './format.js';
import { planNewLayout } from './plan.js';
import { LayoutError, reconcileDrives, type DriveProbe } from './reconcile.js';

function counter(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}${n++}`;
}

const NOW = '2025-01-01T00:00:00.000Z';

function formatted(path: string, layout: Layout, driveId: string, mountPoint?: boolean): DriveProbe {
  const format = formatFor(layout, driveId, NOW);
  return mountPoint === undefined ? { path, kind: 'formatted', format } : { path, kind: 'formatted', format, mountPoint };
}

function empty(path: string, mountPoint?: boolean, exists = true): DriveProbe {
  return mountPoint === undefined ? { path, kind: 'empty', exists } : { path, kind: 'empty', exists, mountPoint };
}

/** A formatted deployment of `count` drives at /d0, /d1, ... */
function deployment(count: number, prefix = 'id'): { layout: Layout; ids: string[]; probes: DriveProbe[] } {
  const { layout, driveIds } = planNewLayout(count, { newId: counter(prefix) });
  return { layout, ids: driveIds, probes: driveIds.map((id, k) => formatted(`/d${k}`, layout, id)) };
}

function problemsOf(probes: DriveProbe[]): readonly string[] {
  try {
    reconcileDrives(probes);
  } catch (err) {
    assert.ok(err instanceof LayoutError, String(err));
    return err.problems;
  }
  assert.fail('reconciled');
}

test('all empty: a new deployment, every drive formatted into its planned slot', () => {
  const probes = Array.from({ length: 8 }, (_, k) => empty(`/mnt/disk${k + 1}`, undefined, k % 2 === 0));
  const result = reconcileDrives(probes, { newId: counter() });
  assert.equal(result.fresh, true);
  assert.equal(result.layout.setSize, 8);
  assert.deepEqual(
    result.toFormat.map((d) => [d.path, d.driveId, d.setIndex, d.driveIndex]),
    probes.map((p, k) => [p.path, `id${k + 1}`, 0, k]),
  );
  assert.deepEqual([result.online, result.missing, result.skipped], [[], [], []]);
  assert.throws(() => reconcileDrives(Array.from({ length: 17 }, (_, k) => empty(`/e${k}`))), /use 16 or 18 drives/);
  assert.throws(() => reconcileDrives([]), /no drive was given/);
});

test('drives are recognised by id, whatever their order or mount point', () => {
  const { ids, probes } = deployment(16);
  const moved = probes.map((p, k) => ({ ...p, path: `/new/mount${(k * 7) % 16}` })).reverse();
  const result = reconcileDrives(moved);
  assert.equal(result.fresh, false);
  assert.equal(result.online.length, 16);
  for (const drive of result.online) {
    const k = ids.indexOf(drive.driveId);
    assert.equal(drive.path, `/new/mount${(k * 7) % 16}`);
    assert.deepEqual([drive.setIndex, drive.driveIndex], [0, k]);
  }
  assert.deepEqual([result.toFormat, result.missing, result.skipped], [[], [], []]);
});

test('a missing drive leaves its slot missing; an empty directory takes the slot and its id', () => {
  const { ids, probes } = deployment(32);
  const withoutTwo = probes.filter((_, k) => k !== 5 && k !== 20);
  const degraded = reconcileDrives(withoutTwo);
  assert.deepEqual(degraded.missing, [
    { driveId: ids[20], setIndex: 0, driveIndex: 10 },
    { driveId: ids[5], setIndex: 1, driveIndex: 2 },
  ]);
  const replaced = reconcileDrives([...withoutTwo, empty('/replacement')]);
  assert.deepEqual(replaced.toFormat, [{ path: '/replacement', driveId: ids[20], setIndex: 0, driveIndex: 10 }]);
  assert.deepEqual(replaced.missing, [{ driveId: ids[5], setIndex: 1, driveIndex: 2 }]);
});

test('unreadable drives are skipped, not formatted over, and count against the layout', () => {
  const { ids, probes } = deployment(4);
  const bad: DriveProbe = { path: '/d3', kind: 'unreadable', reason: 'cannot be read (EIO)' };
  const result = reconcileDrives([...probes.slice(0, 3), bad]);
  assert.deepEqual(result.skipped, [{ path: '/d3', reason: 'cannot be read (EIO)' }]);
  assert.deepEqual(result.missing, [{ driveId: ids[3], setIndex: 0, driveIndex: 3 }]);
  assert.deepEqual(result.toFormat, []);
  assert.match(
    problemsOf([...probes.slice(0, 3), bad, empty('/new')]).join(),
    /more drives than the layout: it has 4 \(1 set of 4\), but 3 of its drives, 1 empty and 1 unreadable/,
  );
  assert.match(problemsOf([bad, empty('/a'), empty('/b'), empty('/c')]).join(), /new deployment needs every drive readable/);
});

test('a drive of another deployment, the same drive twice, and foreign directories are refused together', () => {
  const ours = deployment(4);
  const theirs = deployment(4, 'x');
  const problems = problemsOf([
    ...ours.probes,
    { ...(theirs.probes[0] as DriveProbe), path: '/stranger' },
    { ...(ours.probes[1] as DriveProbe), path: '/copy' },
    { path: '/home', kind: 'foreign', reason: 'is not empty and was not formatted by Lode' },
    { path: '/future', kind: 'unsupported', reason: 'was written by a newer Lode' },
  ]);
  assert.equal(problems.length, 4, problems.join('\n'));
  assert.match(problems.join('\n'), /\/home: is not empty/);
  assert.match(problems.join('\n'), /\/future: was written by a newer Lode/);
  assert.match(problems.join('\n'), /\/d1 and \/copy are the same drive \(id2\)/);
  assert.match(problems.join('\n'), /\/stranger is a drive of another deployment \(x0\), not of id0/);
  assert.match(problemsOf([...ours.probes.slice(0, 2), ...theirs.probes.slice(0, 2)]).join(), /belong to different deployments/);
});

test('more drives than the layout, and drives that disagree about it, are refused', () => {
  const { probes } = deployment(4);
  assert.match(problemsOf([...probes, empty('/extra')]).join(), /more drives than the layout/);
  const { layout, ids } = deployment(4);
  const other: Layout = { ...layout, parity: { standard: 1, reducedRedundancy: 1 } };
  const mixed = [...ids.slice(0, 3).map((id, k) => formatted(`/d${k}`, layout, id)), formatted('/d3', other, ids[3] ?? '')];
  assert.match(problemsOf(mixed).join(), /disagree about the layout: \/d0, \/d1, \/d2 versus \/d3/);
});

test('a version 1 single-drive directory works alone and cannot be combined', () => {
  const { layout, driveIds } = planNewLayout(1, { newId: counter() });
  const v1 = formatted('./data', layout, driveIds[0] ?? '');
  assert.equal(v1.kind === 'formatted' && v1.format.formatVersion, 1);
  const result = reconcileDrives([v1]);
  assert.deepEqual(result.online, [{ path: './data', driveId: 'id1', setIndex: 0, driveIndex: 0 }]);
  assert.equal(result.layout.setSize, 1);
  assert.match(problemsOf([v1, empty('/more')]).join(), /single-drive Lode directory \(format version 1\): it cannot be combined/);
});

test('an empty directory that is not a mount point, among mounted disks, is not formatted', () => {
  const { layout, ids } = deployment(4);
  const mounted = ids.slice(0, 3).map((id, k) => formatted(`/mnt/d${k}`, layout, id, true));
  const result = reconcileDrives([...mounted, empty('/mnt/d3', false)]);
  assert.deepEqual(result.toFormat, []);
  assert.equal(result.missing.length, 1);
  assert.match(result.skipped[0]?.reason ?? '', /is its disk mounted\? Not formatting it/);
  assert.equal(reconcileDrives([...mounted, empty('/mnt/d3', true)]).toFormat.length, 1);
  // On one file system (a laptop, a test), nothing is a mount point: replacements are formatted.
  const local = ids.slice(0, 3).map((id, k) => formatted(`/tmp/d${k}`, layout, id, false));
  assert.equal(reconcileDrives([...local, empty('/tmp/d3', false, false)]).toFormat.length, 1);
  // A new deployment with one unmounted disk is refused.
  assert.match(
    problemsOf([empty('/mnt/a', true), empty('/mnt/b', true), empty('/mnt/c', false), empty('/mnt/d', true)]).join(),
    /\/mnt\/c is not a mount point, while \/mnt\/a is/,
  );
});
