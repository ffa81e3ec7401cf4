// <drive>/.lode/format.json: who this drive is and which layout it belongs
// to. Written once, atomically, when the drive is first prepared; read by
// every process that opens the drive. A directory without it, or with one
// written by something else or by a newer Lode, is refused rather than
// "repaired": guessing wrong here deletes someone's data.
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { isNotFound } from '../io/errors.js';
import { PRIVATE_FILE_MODE } from '../io/modes.js';
import { syncDir } from '../io/syncDir.js';

export const FORMAT_NAME = 'lode-drive';
/** Bump when the on-disk layout or record shapes change incompatibly. */
export const FORMAT_VERSION = 1;
export const FORMAT_FILE = join('.lode', 'format.json');

export interface DriveFormat {
  format: typeof FORMAT_NAME;
  formatVersion: number;
  /** Shared by every drive of one deployment. */
  deploymentId: string;
  /** This drive. */
  driveId: string;
  /**
   * The erasure-set layout: sets[i] lists the drive ids of set i in shard
   * order. An object's set is setIndexOf(bucket, key, sets.length)
   * (engine/placement.ts); every drive of that set holds the object's record
   * in its own index and one shard file per data part.
   */
  layout: {
    sets: string[][];
    dataShards: number;
    parityShards: number;
    placement: 'crc32c-mod-v1';
  };
  createdAt: string;
}

export async function readFormat(root: string): Promise<DriveFormat | undefined> {
  const path = join(root, FORMAT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw new Error(`Cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      `${path} is not valid JSON: the drive's identity is damaged. Restore it from a backup or another drive of the deployment.`,
    );
  }
  if (!isRecord(parsed) || parsed['format'] !== FORMAT_NAME) {
    throw new Error(
      `${path} was not written by Lode (expected "format": "${FORMAT_NAME}"): refusing to use ${root}. Point Lode at an empty directory or an existing Lode data directory.`,
    );
  }
  const version = parsed['formatVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new Error(`${path} has an invalid formatVersion (${String(version)}).`);
  }
  if (version > FORMAT_VERSION) {
    throw new Error(
      `${root} was formatted by a newer Lode (format version ${version}; this build reads up to ${FORMAT_VERSION}). Upgrade Lode to open it.`,
    );
  }
  const { deploymentId, driveId, layout } = parsed;
  if (typeof deploymentId !== 'string' || typeof driveId !== 'string' || !isRecord(layout) || !Array.isArray(layout['sets'])) {
    throw new Error(`${path} is incomplete (deploymentId, driveId and layout are required).`);
  }
  return parsed as unknown as DriveFormat;
}

/** Writes format.json durably: staging file, fsync, rename, fsync .lode. */
export async function writeFormat(root: string, format: DriveFormat | object, stagingDir: string): Promise<void> {
  const staged = join(stagingDir, `format.json.${process.pid}`);
  const handle = await open(staged, 'w', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(`${JSON.stringify(format, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(staged, join(root, FORMAT_FILE));
  await syncDir(join(root, '.lode'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
