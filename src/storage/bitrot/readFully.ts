// pread(2) may return fewer bytes than asked before the end of a file (and
// a remote drive may answer in pieces): the frame readers read until the
// bytes they need arrived or the file ended.
import type { DriveFile } from '../drive/Drive.js';

/** What the frame readers read from: a DriveFile, or anything with the same pread-like read. */
export type BlockReader = Pick<DriveFile, 'read'>;

/** Reads until `length` bytes arrived or the file ended; returns the count. */
export async function readFully(file: BlockReader, buffer: Buffer, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const n = await file.read(buffer, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
