// Before a drive is used: can this process create and delete a file in it?
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from '../io/modes.js';

export async function probeWritable(tmpDir: string, root: string): Promise<void> {
  const probe = join(tmpDir, `probe.${process.pid}`);
  try {
    const handle = await open(probe, 'w', PRIVATE_FILE_MODE);
    await handle.close();
    await rm(probe, { force: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${root} is not writable (${message}): check its permissions and that the file system is mounted read-write.`);
  }
}
