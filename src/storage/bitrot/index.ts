// Bitrot protection for every data file: a hash before every block, a
// footer at the end, checked on every read. Erasure shard files and
// single-drive data files (through BitrotDrive) share this one frame.
export { BitrotDrive, DEFAULT_BLOCK_BYTES, type BitrotDriveOptions } from './BitrotDrive.js';
export { decodeFooter, encodeFooter, FOOTER_BYTES, hasFooterMagic, readTail, type ShardFooter } from './footer.js';
export {
  blockCountOf,
  blockFileOffset,
  blockLengthOf,
  describeFault,
  frameBlock,
  framedFileBytes,
  HASH_BYTES,
  readFramedBlock,
  type BlockFault,
} from './frame.js';
export { BlockHasher, DEFAULT_BITROT_ALGORITHM, hashBytesOf, type BitrotAlgorithm } from './hash.js';
export { readFully, type BlockReader } from './readFully.js';
