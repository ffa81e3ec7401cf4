// What a failed index write means for the client. lmdb-js reports a failed
// commit as "Commit failed (see commitError for details)" with the cause in a
// second, separately rejected promise, and LMDB itself reports a write that
// ran out of space part-way (a short write) as EIO, errno 5, the same number
// as a failing disk: "Input/output error", or "mdb_page_spill flushing
// error 5" when the page spill of a large transaction hit it. So an EIO is
// told apart by looking at the file system: almost no room left means full.
import { statfs } from 'node:fs/promises';
import { toDriveError } from '../io/errors.js';
import { StoreError } from '../StoreError.js';

/** Below this much free space an EIO from LMDB is taken for a full file system (a commit writes at most a few MiB). */
const FULL_MARGIN_BYTES = 8 * 1024 * 1024;

/** errno numbers LMDB reports (Linux), by name. */
const ERRNO_NAMES: Readonly<Record<number, string>> = { 1: 'EPERM', 5: 'EIO', 13: 'EACCES', 28: 'ENOSPC', 30: 'EROFS', 122: 'EDQUOT' };

/** Resolves to the cause lmdb-js keeps in `commitError`, if it has settled; marks it handled either way. */
async function commitCause(err: unknown): Promise<unknown> {
  const pending = (err as { commitError?: unknown } | null)?.commitError;
  if (!(pending instanceof Promise)) return err;
  let cause: unknown = err;
  pending.then(
    () => undefined,
    (reason: unknown) => {
      cause = reason;
    },
  );
  // The handler of an already rejected promise is queued now, ahead of this
  // await's continuation; one that is still pending is not waited for (it
  // may never settle), only kept from being reported unhandled.
  await Promise.resolve();
  return cause;
}

function errnoName(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'number') return ERRNO_NAMES[code];
  return undefined;
}

/** True for errors LMDB or lmdb-js raised (as opposed to ones a transaction callback threw). */
function isIndexFailure(err: unknown): boolean {
  if (err instanceof StoreError || !(err instanceof Error)) return false;
  return (
    'commitError' in err ||
    typeof (err as { code?: unknown }).code === 'number' ||
    /^MDB_|mdb_|Commit failed|Input\/output error|No space left|Read-only file system|database has been closed|Database is closed/i.test(
      err.message,
    )
  );
}

/**
 * The StoreError for a failed index write at `path`: DriveFull (507),
 * DriveReadOnly, or DriveFailed for an I/O error or a broken environment.
 * Errors that are not the index's own (a callback's StoreError, a bug) pass
 * through unchanged.
 */
export async function toIndexError(err: unknown, path: string): Promise<unknown> {
  if (!isIndexFailure(err)) return err;
  const cause = await commitCause(err);
  const doing = `committing to the index at ${path}`;
  const name = errnoName(cause);
  const message = cause instanceof Error ? cause.message : String(cause);
  const mapped = toDriveError(name !== undefined ? Object.assign(new Error(message), { code: name }) : cause, doing);
  if (mapped instanceof StoreError) return mapped;
  if (name === 'EIO' || /error 5\b|Input\/output error/.test(message)) {
    if (await nearlyFull(path)) return new StoreError('DriveFull', `The drive is full (${doing}): free space or add capacity.`);
  }
  return new StoreError('DriveFailed', `The drive failed (${doing}): ${message}`);
}

/** Whether the file system holding `path` has (next to) no room left; false when it cannot tell. */
async function nearlyFull(path: string): Promise<boolean> {
  try {
    const fs = await statfs(path);
    return fs.bavail * fs.bsize < FULL_MARGIN_BYTES;
  } catch {
    return false;
  }
}
