// Data file ids: 6 hex digits of the hour the file was staged (epoch hours)
// followed by 24 hex digits of randomness. The hour prefix names the
// directory the file lives in (data/<hour>/<2 hex>/<fileId>), which bounds
// the crash-recovery scan: prepareStorage only looks at hours written since
// it last ran, not at every file on the drive.
import { randomBytes } from 'node:crypto';

export const FILE_ID_PATTERN = /^[0-9a-f]{30}$/;
export const HOUR_DIR_PATTERN = /^[0-9a-f]{6}$/;
export const SUB_DIR_PATTERN = /^[0-9a-f]{2}$/;
const MS_PER_HOUR = 3_600_000;

export function hourOf(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_HOUR);
}

export function newFileId(nowMs: number = Date.now()): string {
  return hourOf(nowMs).toString(16).padStart(6, '0') + randomBytes(12).toString('hex');
}

export function hourOfFileId(fileId: string): number {
  return parseInt(fileId.slice(0, 6), 16);
}

/** data/<hour>/<2 hex>/<fileId>, relative to the drive's data directory. */
export function dataPathOf(fileId: string): { hourDir: string; subDir: string; name: string } {
  return { hourDir: fileId.slice(0, 6), subDir: fileId.slice(6, 8), name: fileId };
}
