// The I/O half of reconcileDrives: looks at each drive directory and says
// what it holds. Never writes. Every failure becomes a probe with a reason,
// so one bad disk does not hide what the others hold.
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { FORMAT_FILE } from '../drive/index.js';
import { FormatProblem, parseFormat } from './format.js';
import type { DriveProbe } from './reconcile.js';

/** What a directory without format.json may hold and still count as empty. */
const IGNORABLE = new Set([
  // A fresh ext4/xfs file system's own directory.
  'lost+found',
  // Left by a prepare interrupted before format.json was written (format.json is written last);
  // with data files in data/ it is a damaged drive instead (see below).
  '.lode',
]);

export async function probeDrives(paths: readonly string[]): Promise<DriveProbe[]> {
  return Promise.all(paths.map((path) => probeDrive(path)));
}

export async function probeDrive(path: string): Promise<DriveProbe> {
  const root = resolve(path);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(root)).isDirectory();
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return { path, kind: 'empty', exists: false, mountPoint: false };
    return { path, kind: 'unreadable', reason: `cannot be read (${describe(err)})` };
  }
  if (!isDirectory) return { path, kind: 'foreign', reason: 'is not a directory' };
  const mountPoint = await isMountPoint(root);
  const formatPath = join(root, FORMAT_FILE);
  let text: string | undefined;
  try {
    text = await readFile(formatPath, 'utf8');
  } catch (err) {
    if (codeOf(err) !== 'ENOENT') return { path, kind: 'unreadable', reason: `cannot read ${formatPath} (${describe(err)})` };
  }
  if (text !== undefined) {
    try {
      const format = parseFormat(text, formatPath);
      return mountPoint === undefined ? { path, kind: 'formatted', format } : { path, kind: 'formatted', format, mountPoint };
    } catch (err) {
      if (!(err instanceof FormatProblem)) throw err;
      const kind = err.kind === 'damaged' ? 'unreadable' : err.kind;
      const advice =
        err.kind === 'damaged' ? ' Restore it from a backup, or replace the drive (an empty directory is rebuilt from its set).' : '';
      return { path, kind, reason: err.message + advice };
    }
  }
  return emptyOrForeign(path, root, mountPoint);
}

async function emptyOrForeign(path: string, root: string, mountPoint: boolean | undefined): Promise<DriveProbe> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch (err) {
    return { path, kind: 'unreadable', reason: `cannot list it (${describe(err)})` };
  }
  if (entries.includes('.minio.sys')) {
    return {
      path,
      kind: 'foreign',
      reason:
        "holds MinIO data (.minio.sys): Lode does not read other servers' formats. Use an empty directory and copy the objects over S3",
    };
  }
  // 'data' is ours only next to '.lode' (an interrupted prepare creates both).
  const ours = entries.includes('.lode');
  const other = entries.filter((name) => !IGNORABLE.has(name) && !(ours && name === 'data'));
  if (other.length > 0) {
    const shown = other.slice(0, 3).join(', ') + (other.length > 3 ? ', ...' : '');
    return {
      path,
      kind: 'foreign',
      reason: `is not empty and was not formatted by Lode (no ${FORMAT_FILE}; found ${shown}): refusing to use it. Give an empty directory or a Lode drive`,
    };
  }
  if (ours && (await holdsEntries(join(root, 'data')))) {
    return {
      path,
      kind: 'unreadable',
      reason: `holds Lode data files but no ${FORMAT_FILE}: its identity is lost. Restore format.json from a backup, or empty the directory to rebuild it from its set`,
    };
  }
  return mountPoint === undefined ? { path, kind: 'empty', exists: true } : { path, kind: 'empty', exists: true, mountPoint };
}

/** True when `dir` exists and is not empty (a directory that cannot be listed counts as holding something). */
async function holdsEntries(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch (err) {
    return codeOf(err) !== 'ENOENT';
  }
}

/** A directory on another device than its parent is a mount point; unknown when the parent cannot be read. */
async function isMountPoint(root: string): Promise<boolean | undefined> {
  const parent = dirname(root);
  if (parent === root) return true;
  try {
    const [self, up] = await Promise.all([stat(root), stat(parent)]);
    return self.dev !== up.dev;
  } catch {
    return undefined;
  }
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

function describe(err: unknown): string {
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
}
