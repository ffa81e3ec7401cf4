// A Drive that frames every data file of the drive below it: the bytes in
// blocks, each behind its hash, and the footer of a 1+0 shard file, so a
// single-drive data file is read and verified exactly like a shard file.
// Reads check every block they return; a damaged block, a torn file or a
// foreign footer is refused (DataCorrupted) and reported, never served.
//
// Data directories written before framing hold raw files. The watermark
// `rawFilesUntilHour` (recorded by prepare) tells them apart: a file without
// a footer staged in that hour or before is served raw (legacy); one staged
// later has lost its footer and is refused.
import type { Drive, DriveFile, StagedFile, StageOptions } from '../drive/Drive.js';
import { hourOfFileId } from '../drive/fileIds.js';
import { StoreError } from '../StoreError.js';
import { decodeFooter, hasFooterMagic, readTail } from './footer.js';
import { framedFileBytes } from './frame.js';
import { FramedFile, LegacyRawFile } from './FramedFile.js';
import { FramedStagedFile } from './FramedStagedFile.js';

/** Logical bytes per block: the GET path's chunk, so one read and one hash per chunk sent. */
export const DEFAULT_BLOCK_BYTES = 1024 * 1024;

export interface BitrotDriveOptions {
  /** Bytes per block of new files (default 1 MiB); files are read with the block size their footer records. */
  blockBytes?: number;
  /** Files staged in this hour (epoch hours, as in file ids) or before may be raw; -1 when none can be. */
  rawFilesUntilHour: number;
  /** A data file failed its check: called before the read throws, so the process can log it. */
  onCorrupt?: (fileId: string, reason: string) => void;
}

export class BitrotDrive implements Drive {
  private readonly blockBytes: number;

  constructor(
    private readonly inner: Drive,
    private readonly options: BitrotDriveOptions,
  ) {
    this.blockBytes = options.blockBytes ?? DEFAULT_BLOCK_BYTES;
    if (!Number.isSafeInteger(this.blockBytes) || this.blockBytes < 1 || this.blockBytes > 0xffff_ffff) {
      throw new RangeError(`Invalid bitrot block size ${this.blockBytes}: a whole number of bytes from 1 to 4 GiB.`);
    }
  }

  get root(): string {
    return this.inner.root;
  }

  async stage(options?: StageOptions): Promise<StagedFile> {
    return new FramedStagedFile(await this.inner.stage(options), this.blockBytes);
  }

  async open(fileId: string): Promise<DriveFile> {
    const file = await this.inner.open(fileId);
    try {
      const fileBytes = await file.sizeBytes();
      const tail = await readTail(file, fileBytes);
      if (tail !== undefined && hasFooterMagic(tail)) {
        const footer = decodeFooter(tail);
        if (footer === undefined) throw this.corrupt(fileId, 'its footer fails its checksum');
        if (footer.dataShards !== 1 || footer.parityShards !== 0 || footer.shardIndex !== 0 || footer.stripeBytes === 0) {
          throw this.corrupt(
            fileId,
            `its footer is not a single-drive footer (shard ${footer.shardIndex} of ${footer.dataShards}+${footer.parityShards})`,
          );
        }
        const expected = framedFileBytes(footer.sizeBytes, footer.stripeBytes);
        if (fileBytes !== expected) throw this.corrupt(fileId, `it is ${fileBytes} bytes long; its footer says ${expected}`);
        return new FramedFile(file, footer.stripeBytes, footer.sizeBytes, (reason) => this.corrupt(fileId, reason));
      }
      if (hourOfFileId(fileId) <= this.options.rawFilesUntilHour) return new LegacyRawFile(file);
      throw this.corrupt(fileId, 'it has no footer (torn or overwritten)');
    } catch (err) {
      await file.close().catch(() => undefined);
      throw err;
    }
  }

  remove(fileId: string): Promise<void> {
    return this.inner.remove(fileId);
  }

  clearStaging(): Promise<number> {
    return this.inner.clearStaging();
  }

  dataFiles(fromHour: number): AsyncIterable<string> {
    return this.inner.dataFiles(fromHour);
  }

  private corrupt(fileId: string, reason: string): StoreError {
    this.options.onCorrupt?.(fileId, reason);
    return new StoreError('DataCorrupted', `Data file ${fileId} on ${this.inner.root} is damaged: ${reason}.`);
  }
}
