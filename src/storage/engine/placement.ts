// Placement: which erasure set holds an object. A pure function of the
// object's name and the number of sets in the layout, so every node computes
// the same answer without asking anyone. (One drive: always set 0.)
import { crc32c } from '@node-rs/crc32';

export function setIndexOf(bucket: string, key: string, setCount: number): number {
  if (!Number.isInteger(setCount) || setCount < 1) throw new Error(`Invalid set count ${setCount}.`);
  if (setCount === 1) return 0;
  return crc32c(Buffer.from(`${bucket}\0${key}`, 'utf8')) % setCount;
}
