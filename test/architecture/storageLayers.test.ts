// Storage's own layers (DESIGN.md, "One module assembles storage"): open/
// assembles and may import every layer; below it arrows point down
// (engine → erasure → bitrot → drive; meta beside drive; io/ and records/
// are leaves both use), and no layer wires another. Checked on every import
// of every non-test file in src/storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const STORAGE = resolve('src', 'storage');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** The storage room of a path relative to src/storage ('' for its root files, '..' outside). */
function roomOf(path: string): string {
  if (path.startsWith('..')) return '..';
  const parts = path.split('/');
  return parts.length === 1 ? '' : parts[0]!;
}

/** Rooms of storage each file imports (relative imports only). */
function importedRooms(file: string): Array<{ spec: string; room: string }> {
  const text = readFileSync(file, 'utf8');
  const found: Array<{ spec: string; room: string }> = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
    const spec = m[1] ?? m[2];
    if (spec === undefined) continue;
    found.push({ spec, room: roomOf(relative(STORAGE, resolve(dirname(file), spec))) });
  }
  return found;
}

/** What each room may import besides itself, storage's root files (the seams, StoreError) and util/ (outside storage). */
const ALLOWED: Record<string, readonly string[]> = {
  open: ['engine', 'erasure', 'bitrot', 'drive', 'meta', 'layout', 'io', 'records'],
  engine: ['meta', 'drive', 'io', 'records'],
  erasure: ['bitrot', 'drive', 'meta', 'layout', 'io', 'records'],
  bitrot: ['drive', 'io', 'records'],
  drive: ['io', 'records'],
  meta: ['io', 'records'],
  layout: ['drive', 'io'],
  io: [],
  records: [],
};

const files = sourceFiles(STORAGE);

test('every storage room is known to the layering rules', () => {
  const rooms = new Set(files.map((f) => roomOf(relative(STORAGE, f))).filter((r) => r !== ''));
  for (const room of rooms) assert.ok(room in ALLOWED, `src/storage/${room}/ has no layering rule`);
  assert.ok(rooms.has('open') && rooms.has('engine') && rooms.has('erasure'), 'the walk found the storage rooms');
});

test('storage rooms import only the rooms below them', () => {
  let checked = 0;
  for (const file of files) {
    const from = roomOf(relative(STORAGE, file));
    if (from === '') continue;
    for (const { spec, room } of importedRooms(file)) {
      checked++;
      if (room === from || room === '' || room === '..') continue;
      assert.ok(ALLOWED[from]?.includes(room), `${relative(STORAGE, file)} (${from}/) imports ${spec} (${room}/)`);
    }
  }
  assert.ok(checked > 100, `the walk found the imports (${checked})`);
});

test('only storage/index.ts reaches into open/ from outside it', () => {
  for (const file of files) {
    const from = relative(STORAGE, file);
    if (roomOf(from) === 'open' || from === 'index.ts') continue;
    for (const { spec, room } of importedRooms(file)) assert.notEqual(room, 'open', `${from} imports ${spec}`);
  }
});

test('storage/index.ts exports no concrete engine, store or drive class', () => {
  const text = readFileSync(join(STORAGE, 'index.ts'), 'utf8');
  for (const name of ['Engine', 'ErasureStore', 'MultiSetStore', 'LocalDrive', 'ErasureSetDrive', 'LmdbIndex', 'ReplicatedIndex']) {
    assert.doesNotMatch(text, new RegExp(`\\b${name}\\b`), `storage/index.ts exports ${name}`);
  }
});
