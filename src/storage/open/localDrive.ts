// The one place a drive of this node is made from its directory. Everything
// above the Drive seam gets a Drive from here, so a decorator (bitrot) or
// another implementation (a remote drive) changes this line only.
import { LocalDrive, type Drive } from '../drive/index.js';

export function openDrive(root: string): Drive {
  return new LocalDrive(root);
}
