// Translating the operating system's refusals into the store's domain errors,
// so that a full or read-only drive reaches the client as an answer it can
// act on instead of an InternalError.
import { StoreError } from '../StoreError.js';

function errnoCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = err.code;
  return typeof code === 'string' ? code : undefined;
}

/** The error's errno code (ENOENT...), when it has one. */
export function codeOf(err: unknown): string | undefined {
  return errnoCode(err);
}

export function isNotFound(err: unknown): boolean {
  return errnoCode(err) === 'ENOENT';
}

/** StoreError DriveFull / DriveReadOnly for the matching errno (or LMDB message), else `err` unchanged. */
export function toDriveError(err: unknown, doing: string): unknown {
  if (err instanceof StoreError) return err;
  const code = errnoCode(err);
  const message = err instanceof Error ? err.message : '';
  if (code === 'ENOSPC' || code === 'EDQUOT' || /No space left|MDB_MAP_FULL|Disk quota/i.test(message)) {
    return new StoreError('DriveFull', `The drive is full (${doing}): free space or add capacity.`);
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || /Read-only file system|Permission denied/i.test(message)) {
    return new StoreError(
      'DriveReadOnly',
      `The drive refused the write (${doing}): ${code ?? message}. Check that it is mounted read-write and owned by the server's user.`,
    );
  }
  return err;
}
