// Drive on a local directory:
//   <root>/.lode/tmp/<fileId>              staging, deleted by prepareStorage
//   <root>/data/<hour>/<2 hex>/<fileId>    committed files
// A file reaches data/ only by rename after fsync, and the rename is made
// durable by fsyncing the directory, so a crash leaves either a complete file
// or none (plus, at worst, an unreferenced one that prepareStorage removes).
import { mkdir, open, readdir, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DataPart } from '../records/DataPart.js';
import { randomBytes } from 'node:crypto';
import type { Drive, DriveFile, StagedFile, StageOptions } from './Drive.js';
import { codeOf, isNotFound, toDriveError } from '../io/errors.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../io/modes.js';
import { FILE_ID_PATTERN, HOUR_DIR_PATTERN, SUB_DIR_PATTERN, dataPathOf, newFileId } from './fileIds.js';
import { syncDir } from '../io/syncDir.js';
import { READ_CHUNK_BYTES, readBuffers } from '../../util/bufferPool.js';

export const STAGING_DIR = join('.lode', 'tmp');
export const DATA_DIR = 'data';

export class LocalDrive implements Drive {
  readonly tmpDir: string;
  readonly dataDir: string;
  /** Directories this process created or saw and made durable (fsynced the parent once). */
  private readonly durableDirs = new Set<string>();

  constructor(readonly root: string) {
    this.tmpDir = join(root, STAGING_DIR);
    this.dataDir = join(root, DATA_DIR);
  }

  pathOf(fileId: string): string {
    const { hourDir, subDir, name } = dataPathOf(fileId);
    return join(this.dataDir, hourDir, subDir, name);
  }

  async stage(options: StageOptions = {}): Promise<StagedFile> {
    const fileId = options.fileId ?? newFileId();
    // A given id may be staged more than once (a retried heal): the staging name stays unique.
    const path = join(this.tmpDir, options.fileId === undefined ? fileId : `${fileId}.${randomBytes(4).toString('hex')}`);
    let handle: FileHandle;
    try {
      handle = await open(path, 'wx', PRIVATE_FILE_MODE);
    } catch (err) {
      throw toDriveError(err, 'creating a staging file');
    }
    return new LocalStagedFile(this, fileId, path, handle);
  }

  async open(fileId: string): Promise<DriveFile> {
    const handle = await open(this.pathOf(fileId), 'r');
    return {
      read: async (buffer, offset, length, position) => (await handle.read(buffer, offset, length, position)).bytesRead,
      readChunks: async (position, maxLength) => {
        // Pooled only at the full chunk size, so the pool holds one size of buffer.
        const buffer = maxLength === READ_CHUNK_BYTES ? readBuffers.take(READ_CHUNK_BYTES) : Buffer.allocUnsafe(maxLength);
        const { bytesRead } = await handle.read(buffer, 0, maxLength, position).catch((err: unknown) => {
          readBuffers.give(buffer);
          throw err;
        });
        if (bytesRead === 0) {
          readBuffers.give(buffer);
          return [];
        }
        return [bytesRead === maxLength ? buffer : buffer.subarray(0, bytesRead)];
      },
      sizeBytes: async () => (await handle.stat()).size,
      close: () => handle.close(),
    };
  }

  async remove(fileId: string): Promise<void> {
    const path = this.pathOf(fileId);
    try {
      await unlink(path);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    // Durable before the caller forgets the file (drops its garbage entry):
    // an unlink lost to a power cut would leave a file nothing points to.
    await syncDir(dirname(path));
  }

  /** Creates data/<hour>/<sub> if needed; returns the directory that will hold the file. */
  async placeFor(fileId: string): Promise<string> {
    const { hourDir, subDir } = dataPathOf(fileId);
    const hourPath = join(this.dataDir, hourDir);
    const subPath = join(hourPath, subDir);
    if (this.durableDirs.has(subPath)) return subPath;
    await this.ensureDurableDir(hourPath, this.dataDir);
    await this.ensureDurableDir(subPath, hourPath);
    return subPath;
  }

  /** Forgets which data directories exist: the next placeFor checks (and makes) them again. */
  forgetPlaces(): void {
    this.durableDirs.clear();
  }

  private async ensureDurableDir(path: string, parent: string): Promise<void> {
    if (this.durableDirs.has(path)) return;
    try {
      await mkdir(path, PRIVATE_DIR_MODE);
    } catch (err) {
      if (codeOf(err) !== 'EEXIST') throw err;
    }
    // Also when it already existed: another process may have created it and
    // not yet fsynced the parent; a rename into it must not outlive it.
    await syncDir(parent);
    this.durableDirs.add(path);
  }

  async clearStaging(): Promise<number> {
    const names = await readdir(this.tmpDir);
    for (const name of names) await rm(join(this.tmpDir, name), { recursive: true, force: true });
    return names.length;
  }

  async *dataFiles(fromHour: number): AsyncIterable<string> {
    for (const hourDir of await readdirIfExists(this.dataDir)) {
      if (!HOUR_DIR_PATTERN.test(hourDir) || parseInt(hourDir, 16) < fromHour) continue;
      for (const subDir of await readdirIfExists(join(this.dataDir, hourDir))) {
        if (!SUB_DIR_PATTERN.test(subDir)) continue;
        for (const name of await readdirIfExists(join(this.dataDir, hourDir, subDir))) {
          if (FILE_ID_PATTERN.test(name)) yield name;
        }
      }
    }
  }
}

async function readdirIfExists(path: string): Promise<string[]> {
  try {
    return (await readdir(path)).sort();
  } catch (err) {
    if (isNotFound(err) || codeOf(err) === 'ENOTDIR') return [];
    throw err;
  }
}

class LocalStagedFile implements StagedFile {
  sizeBytes = 0;
  private closed = false;
  private committed = false;

  constructor(
    private readonly drive: LocalDrive,
    readonly fileId: string,
    private readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  async append(chunks: readonly Buffer[]): Promise<void> {
    let pending = chunks.filter((chunk) => chunk.length > 0);
    try {
      while (pending.length > 0) {
        const { bytesWritten } = await this.handle.writev(pending, this.sizeBytes);
        this.sizeBytes += bytesWritten;
        pending = dropBytes(pending, bytesWritten);
      }
    } catch (err) {
      throw toDriveError(err, 'writing object data');
    }
  }

  async commit(): Promise<DataPart> {
    try {
      await this.handle.datasync();
      this.closed = true;
      await this.handle.close();
      let dir = await this.drive.placeFor(this.fileId);
      try {
        await rename(this.path, join(dir, this.fileId));
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // The data directory was removed since this process made it (a drive
        // emptied by hand, then healed): make it again, once.
        this.drive.forgetPlaces();
        dir = await this.drive.placeFor(this.fileId);
        await rename(this.path, join(dir, this.fileId));
      }
      this.committed = true;
      await syncDir(dir);
    } catch (err) {
      throw toDriveError(err, 'making object data durable');
    }
    return { fileId: this.fileId, sizeBytes: this.sizeBytes };
  }

  async discard(): Promise<void> {
    try {
      if (!this.closed) {
        this.closed = true;
        await this.handle.close();
      }
      await rm(this.committed ? this.drive.pathOf(this.fileId) : this.path, { force: true });
    } catch {
      // Best effort: prepareStorage removes what is left.
    }
  }
}

/** The chunks after the first `count` bytes (after a short writev). */
function dropBytes(chunks: Buffer[], count: number): Buffer[] {
  let skip = count;
  let i = 0;
  while (i < chunks.length && skip >= (chunks[i]?.length ?? 0)) {
    skip -= chunks[i]?.length ?? 0;
    i++;
  }
  const rest = chunks.slice(i);
  const first = rest[0];
  if (first !== undefined && skip > 0) rest[0] = first.subarray(skip);
  return rest;
}
