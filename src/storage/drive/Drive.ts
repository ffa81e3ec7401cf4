// The Drive seam: everything the engine does to the bytes of one disk.
// Files are named by fileId, never by path, so that a RemoteDrive (RPC to
// another node) can implement the same interface. A file is written whole in
// staging and becomes visible under its id only by commit(); the engine
// references it from the index only after commit() resolved.
import type { DataPart } from '../records/DataPart.js';

export interface StageOptions {
  fileId?: string;
  storageClass?: string;
}

export interface StagedFile {
  readonly fileId: string;
  /** Bytes appended so far. */
  readonly sizeBytes: number;
  /** Appends the chunks, in order. */
  append(chunks: readonly Buffer[]): Promise<void>;
  /** Makes the file durable and moves it into place: fsync, close, rename, fsync the directory. */
  commit(): Promise<DataPart>;
  /** Closes and deletes the staging file. Never throws. */
  discard(): Promise<void>;
}

export interface DriveFile {
  /** Like pread(2): the number of bytes read, 0 at the end of the file. */
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<number>;
  /**
   * Streaming reads without a copy: up to `maxLength` bytes from `position`
   * (fewer where the file's natural unit ends, none at the end of the file)
   * as buffers the caller owns, taken from `readBuffers` (util/bufferPool)
   * where possible so the caller can hand them back once sent.
   */
  readChunks(position: number, maxLength: number): Promise<Buffer[]>;
  /** The file's length in bytes. */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
  /**
   * True when the drive cannot check the bytes it returns (a raw file written
   * before data files carried block hashes): heal counts it, cannot verify it.
   */
  readonly unverified?: boolean;
}

export interface Drive {
  /** Where the drive lives, for messages. */
  readonly root: string;
  /**
   * A new staging file. `fileId` names it (healing rewrites a known file in
   * place; an erasure set gives every shard of a file the same id);
   * `storageClass` lets a drive that stores redundancy choose how much.
   */
  stage(options?: StageOptions): Promise<StagedFile>;
  /** Opens a committed file; rejects with an ENOENT error if it is gone (see isNotFound). */
  open(fileId: string): Promise<DriveFile>;
  /** Deletes a committed file, durably; a missing file is not an error. */
  remove(fileId: string): Promise<void>;
  /** Maintenance (no writers running): deletes everything in staging, returns how many entries. */
  clearStaging(): Promise<number>;
  /** Maintenance: the ids of committed files staged in `fromHour` or later. */
  dataFiles(fromHour: number): AsyncIterable<string>;
}
