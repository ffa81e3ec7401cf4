// fsync(2) on a directory: makes the entries created, renamed or removed in
// it durable. Without it a rename can be lost on power failure even though
// the file's own data was fsynced.
import { open } from 'node:fs/promises';

export async function syncDir(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
