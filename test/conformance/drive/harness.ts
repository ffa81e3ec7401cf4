// Shared pieces of the Drive conformance suite: the factory contract every
// Drive implementation supplies, and helpers that use a drive only through
// the Drive seam (src/storage/drive/Drive.ts), as the engine does.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Drive, DriveFile, StageOptions } from '../../../src/storage/drive/Drive.js';
import { isNotFound } from '../../../src/storage/io/errors.js';
import { patternBytes } from '../../support/patternBytes.js';

export { patternBytes };

export type { Drive, DriveFile, StageOptions };
export { isNotFound };

export interface DriveSubject {
  drive: Drive;
  /** A new Drive on the same storage, as after a restart: what was committed or removed stays so. */
  reopen(): Promise<Drive>;
  /** Deletes the storage. */
  dispose(): Promise<void>;
}

export interface DriveFactory {
  name: string;
  /** A fresh, empty drive, prepared as the server prepares its drives. */
  create(): Promise<DriveSubject>;
}

export const MiB = 1024 * 1024;
const MS_PER_HOUR = 3_600_000;

/** The current hour in the unit dataFiles(fromHour) takes: hours since the epoch. */
export function currentHour(): number {
  return Math.floor(Date.now() / MS_PER_HOUR);
}

/**
 * A file id staged in `hour`, in the Drive's id format: 6 hex digits of the
 * epoch hour, then 24 hex digits of randomness (drive/fileIds.ts). Lets a
 * test stage files "in the past" to check dataFiles(fromHour).
 */
export function fileIdInHour(hour: number): string {
  return hour.toString(16).padStart(6, '0') + randomBytes(12).toString('hex');
}

/** Stages `bytes` in appends of `chunkBytes` (several buffers per append, as the engine batches them) and commits. */
export async function writeFile(drive: Drive, bytes: Buffer, options: StageOptions & { chunkBytes?: number } = {}): Promise<string> {
  const { chunkBytes = 256 * 1024, ...stageOptions } = options;
  const staged = await drive.stage(stageOptions);
  for (let i = 0; i < bytes.length; i += 4 * chunkBytes) {
    const batch: Buffer[] = [];
    for (let j = i; j < Math.min(bytes.length, i + 4 * chunkBytes); j += chunkBytes)
      batch.push(bytes.subarray(j, Math.min(bytes.length, j + chunkBytes)));
    await staged.append(batch);
  }
  const part = await staged.commit();
  assert.deepEqual(part, { fileId: staged.fileId, sizeBytes: bytes.length });
  return part.fileId;
}

/** The whole file through read(), `readBytes` at a time, checking that read() answers 0 at the end. */
export async function readWhole(drive: Drive, fileId: string, readBytes = 100_000): Promise<Buffer> {
  const file = await drive.open(fileId);
  try {
    const size = await file.sizeBytes();
    const out = Buffer.alloc(size);
    let position = 0;
    while (position < size) {
      const n = await file.read(out, position, Math.min(readBytes, size - position), position);
      assert.ok(n > 0 && n <= Math.min(readBytes, size - position), `read() returned ${n} at ${position} of ${size}`);
      position += n;
    }
    assert.equal(await file.read(Buffer.alloc(16), 0, 16, size), 0, 'read() at the end returns 0');
    return out;
  } finally {
    await file.close();
  }
}

/** The bytes from `position` to the end through readChunks(), checking each answer's size. */
export async function readChunksFrom(file: DriveFile, position: number, maxLength: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (;;) {
    const chunks = await file.readChunks(position, maxLength);
    const got = chunks.reduce((sum, c) => sum + c.length, 0);
    if (chunks.length === 0) return Buffer.concat(parts);
    assert.ok(got > 0 && got <= maxLength, `readChunks(${position}, ${maxLength}) returned ${got} bytes`);
    // Copied out: the chunks may be pooled buffers the caller hands back.
    parts.push(Buffer.concat(chunks));
    position += got;
  }
}

export async function listDataFiles(drive: Drive, fromHour: number): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const id of drive.dataFiles(fromHour)) ids.add(id);
  return ids;
}

export async function rejectsNotFound(promise: Promise<unknown>, what: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isNotFound(err), `${what}: expected an error isNotFound() recognises, got ${String(err)}`);
    return true;
  });
}

/** Runs `fn` on a fresh subject and disposes of it afterwards. */
export async function withDrive(factory: DriveFactory, fn: (subject: DriveSubject) => Promise<void>): Promise<void> {
  const subject = await factory.create();
  try {
    await fn(subject);
  } finally {
    await subject.dispose();
  }
}
