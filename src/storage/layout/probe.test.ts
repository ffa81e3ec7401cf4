import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFor } from './format.js';
import { planNewLayout } from './plan.js';
import { probeDrive, probeDrives } from './probe.js';
import { reconcileDrives } from './reconcile.js';

async function withTemp(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lode-probe-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeFormatJson(root: string, text: string): Promise<void> {
  await mkdir(join(root, '.lode'), { recursive: true });
  await writeFile(join(root, '.lode', 'format.json'), text);
}

test('empty, absent and almost-empty directories are empty; a temp dir is not a mount point', () =>
  withTemp(async (dir) => {
    await mkdir(join(dir, 'empty'));
    await mkdir(join(dir, 'fresh-fs', 'lost+found'), { recursive: true });
    await mkdir(join(dir, 'interrupted', '.lode', 'tmp'), { recursive: true });
    await mkdir(join(dir, 'interrupted', 'data'));
    assert.deepEqual(await probeDrive(join(dir, 'empty')), { path: join(dir, 'empty'), kind: 'empty', exists: true, mountPoint: false });
    assert.deepEqual(await probeDrive(join(dir, 'absent')), { path: join(dir, 'absent'), kind: 'empty', exists: false, mountPoint: false });
    assert.equal((await probeDrive(join(dir, 'fresh-fs'))).kind, 'empty');
    assert.equal((await probeDrive(join(dir, 'interrupted'))).kind, 'empty');
  }));

test('other content is foreign; Lode data without format.json is unreadable, never empty', () =>
  withTemp(async (dir) => {
    await mkdir(join(dir, 'home'));
    await writeFile(join(dir, 'home', 'notes.txt'), 'mine');
    await mkdir(join(dir, 'minio', '.minio.sys'), { recursive: true });
    await writeFile(join(dir, 'file'), 'x');
    await mkdir(join(dir, 'lost', '.lode'), { recursive: true });
    await mkdir(join(dir, 'lost', 'data', '01a2b3'), { recursive: true });
    const [home, minio, file, lost] = await probeDrives(['home', 'minio', 'file', 'lost'].map((n) => join(dir, n)));
    assert.equal(home?.kind, 'foreign');
    assert.match(
      home?.kind === 'foreign' ? home.reason : '',
      /not empty and was not formatted by Lode \(no \.lode\/format\.json; found notes\.txt\)/,
    );
    assert.match(minio?.kind === 'foreign' ? minio.reason : '', /MinIO/);
    assert.match(file?.kind === 'foreign' ? file.reason : '', /not a directory/);
    assert.equal(lost?.kind, 'unreadable');
    assert.match(lost?.kind === 'unreadable' ? lost.reason : '', /holds Lode data files but no \.lode\/format\.json/);
  }));

test('format.json: formatted, foreign, newer or damaged', () =>
  withTemp(async (dir) => {
    const { layout, driveIds } = planNewLayout(4);
    const format = formatFor(layout, driveIds[2] ?? '', new Date().toISOString());
    const roots = ['good', 'foreign', 'newer', 'damaged'].map((n) => join(dir, n));
    await writeFormatJson(roots[0] ?? '', JSON.stringify(format));
    await writeFormatJson(roots[1] ?? '', '{"format":"something-else"}');
    await writeFormatJson(roots[2] ?? '', JSON.stringify({ ...format, formatVersion: 9 }));
    await writeFormatJson(roots[3] ?? '', '{"format":"lode-drive"');
    const [good, foreign, newer, damaged] = await probeDrives(roots);
    assert.deepEqual(good, { path: roots[0], kind: 'formatted', format, mountPoint: false });
    assert.equal(foreign?.kind, 'foreign');
    assert.equal(newer?.kind, 'unsupported');
    assert.equal(damaged?.kind, 'unreadable');
    assert.match(damaged?.kind === 'unreadable' ? damaged.reason : '', /not valid JSON.*replace the drive/);
  }));

test('a single-drive directory (format v1, as a one-drive node writes it) keeps working', () =>
  withTemp(async (dir) => {
    const root = join(dir, 'data');
    const { layout, driveIds } = planNewLayout(1);
    const v1 = formatFor(layout, driveIds[0]!, new Date().toISOString());
    assert.equal(v1.formatVersion, 1);
    await writeFormatJson(root, JSON.stringify(v1));
    const probe = await probeDrive(root);
    assert.equal(probe.kind, 'formatted');
    const result = reconcileDrives([probe]);
    assert.equal(result.fresh, false);
    assert.equal(result.layout.setSize, 1);
    assert.equal(result.online.length, 1);
    assert.equal(result.online[0]?.path, root);
  }));
