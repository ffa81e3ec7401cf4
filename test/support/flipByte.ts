// Bitrot on demand: flips bits of one byte of a file on disk, in place, and
// returns the byte it held (so a test can check that healing put it back).
import { open } from 'node:fs/promises';

export async function flipByte(path: string, position: number): Promise<number> {
  const handle = await open(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    const { bytesRead } = await handle.read(byte, 0, 1, position);
    if (bytesRead !== 1) throw new Error(`${path} has no byte at ${position}`);
    const old = byte[0]!;
    byte[0] = old ^ 0x5a;
    await handle.write(byte, 0, 1, position);
    return old;
  } finally {
    await handle.close();
  }
}
