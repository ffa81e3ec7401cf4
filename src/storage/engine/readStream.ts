// Streams a byte range that spans one or more data files: reads only the
// files the range touches, IO_CHUNK_BYTES at a time with pread, and never
// holds more than the stream's buffer. Files handed in already open (the
// first few, opened before the response starts) are read first; later ones
// are opened when reached. Chunks come from readChunks (the read pool,
// without a copy), and the sender hands each back with recycle() once it is
// on the wire. readFirst() reads the first chunk before the response starts,
// so that data failing its bitrot check there is an error status, not a
// 200 with a broken body; a later bad block destroys the stream mid-body.
import { Readable } from 'node:stream';
import type { Drive, DriveFile } from '../drive/index.js';
import { abortReason } from './abort.js';
import { IO_CHUNK_BYTES } from './context.js';
import { readBuffers } from '../../util/bufferPool.js';

export interface Segment {
  fileId: string;
  /** Byte offsets within the file: [start, endExclusive). */
  start: number;
  endExclusive: number;
  file?: DriveFile;
}

export class SegmentReadStream extends Readable {
  private index = 0;
  private position: number;
  private reading = false;
  /** Chunks read by readFirst(), pushed by the first _read(). */
  private first: Buffer[] | undefined;
  private readonly onAbort: () => void;

  constructor(
    private readonly drive: Drive,
    private readonly segments: Segment[],
    private readonly signal: AbortSignal,
  ) {
    super({ highWaterMark: IO_CHUNK_BYTES });
    this.position = segments[0]?.start ?? 0;
    this.onAbort = () => void this.destroy(abortReason(signal));
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * Reads (and so verifies) the first chunk now, before anything is sent;
   * it rejects as the first read would. Call it once, before consuming.
   */
  async readFirst(): Promise<void> {
    const chunks: Buffer[] = [];
    await this.readChunk(chunks);
    this.first = chunks;
  }

  override _read(): void {
    const first = this.first;
    if (first !== undefined) {
      this.first = undefined;
      for (const chunk of first) this.push(chunk);
      if (first.length === 0) this.push(null);
      return;
    }
    if (this.reading) return;
    this.reading = true;
    this.readChunk().then(
      (more) => {
        this.reading = false;
        if (!more) this.push(null);
      },
      (err: unknown) => {
        this.reading = false;
        this.destroy(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  /** Reads one chunk and pushes it (or adds it to `into`); false at the end of the range. */
  private async readChunk(into?: Buffer[]): Promise<boolean> {
    for (;;) {
      const segment = this.segments[this.index];
      if (segment === undefined) return false;
      const remaining = segment.endExclusive - this.position;
      if (remaining <= 0) {
        await this.closeSegment(segment);
        this.index++;
        this.position = this.segments[this.index]?.start ?? 0;
        continue;
      }
      if (segment.file === undefined) {
        const file = await this.drive.open(segment.fileId);
        if (this.destroyed) {
          await file.close();
          return true;
        }
        segment.file = file;
      }
      const length = Math.min(remaining, IO_CHUNK_BYTES);
      const chunks = await segment.file.readChunks(this.position, length);
      let bytesRead = 0;
      for (const chunk of chunks) bytesRead += chunk.length;
      if (bytesRead === 0)
        throw new Error(`Data file ${segment.fileId} on ${this.drive.root} is shorter than its record says (at byte ${this.position}).`);
      this.position += bytesRead;
      if (this.destroyed) {
        for (const chunk of chunks) readBuffers.give(chunk);
        return true;
      }
      if (into !== undefined) into.push(...chunks);
      else for (const chunk of chunks) this.push(chunk);
      return true;
    }
  }

  /**
   * The consumer is done with a chunk this stream pushed (it is on the
   * wire): its memory may serve the next read. Call it once per chunk, and
   * only for chunks of this stream.
   */
  recycle(chunk: Buffer): void {
    readBuffers.give(chunk);
  }

  private async closeSegment(segment: Segment): Promise<void> {
    const file = segment.file;
    if (file === undefined) return;
    delete segment.file;
    await file.close();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.signal.removeEventListener('abort', this.onAbort);
    for (const chunk of this.first ?? []) readBuffers.give(chunk);
    this.first = undefined;
    const open = this.segments.flatMap((segment) => (segment.file === undefined ? [] : [segment.file]));
    for (const segment of this.segments) delete segment.file;
    Promise.allSettled(open.map((file) => file.close())).then(
      () => callback(err),
      () => callback(err),
    );
  }
}

/** A stream of one in-memory buffer (inline objects). */
export function bufferStream(bytes: Buffer, signal: AbortSignal): Readable {
  let sent = false;
  const stream = new Readable({
    read() {
      if (sent) return;
      sent = true;
      if (bytes.length > 0) this.push(bytes);
      this.push(null);
    },
  });
  const onAbort = (): void => void stream.destroy(abortReason(signal));
  signal.addEventListener('abort', onAbort, { once: true });
  stream.once('close', () => signal.removeEventListener('abort', onAbort));
  return stream;
}
