// Object bytes and the index are the users' data: only the server's own user
// may read them (other local accounts must not read objects past S3's
// access control by opening the files). Every file and directory the storage
// layer creates gets one of these modes.
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `root`/`sub` for each sub (and any missing parent) as private
 * directories; ones that already existed, from an older Lode that left them
 * world-readable, are made private too. The root itself is left as it is
 * when it already existed: it is the operator's.
 */
export async function makePrivateDirs(root: string, subs: readonly string[]): Promise<void> {
  for (const sub of subs) {
    await mkdir(join(root, sub), { recursive: true, mode: PRIVATE_DIR_MODE });
    // Each level of the sub path is ours (.lode, .lode/tmp, data...).
    // Best effort: a file system without Unix modes (or a directory another
    // user owns but lets us write) must not stop the server from starting.
    const parts = sub.split(/[\\/]/);
    for (let i = 1; i <= parts.length; i++) await chmod(join(root, ...parts.slice(0, i)), PRIVATE_DIR_MODE).catch(() => undefined);
  }
}
