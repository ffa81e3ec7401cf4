// What the bitrot readers read from: anything with pread(2)-like reads.
// Drive.open() returns one (DriveFile), and so does fs.promises.open()
// (FileHandle), so the readers work on a local file, a drive, or an RPC.
export interface PositionalReader {
  /** Reads up to `length` bytes at file `position` into `buffer` at `offset`; the count (or {bytesRead}), 0 at the end of the file. */
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<number | { bytesRead: number }>;
}

/** Reads until `length` bytes arrived or the file ended (a pread may return less than asked); returns the count. */
export async function readFully(source: PositionalReader, buffer: Buffer, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const result = await source.read(buffer, got, length - got, position + got);
    const n = typeof result === 'number' ? result : result.bytesRead;
    if (n === 0) break;
    got += n;
  }
  return got;
}
