// Bitrot on demand: flips bits of one byte of a file on disk, in place.
import { open } from 'node:fs/promises';

export async function flipByte(path: string, position: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, position);
    byte[0] = byte[0]! ^ 0x5a;
    await handle.write(byte, 0, 1, position);
  } finally {
    await handle.close();
  }
}
