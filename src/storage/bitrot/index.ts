// Bitrot protection for shard files: a hash before every block, checked on
// every read. The public surface used by storage/erasure and storage/engine.
export { BitrotError, isBitrotError, type BitrotFault } from './BitrotError.js';
export { BitrotWriter, type BitrotWriterOptions } from './BitrotWriter.js';
export { bitrotFileSize, blockCountOf, blockFileOffset, blockLengthOf, blocksCovering } from './geometry.js';
export { BlockHasher, DEFAULT_BITROT_ALGORITHM, hashBytesOf, type BitrotAlgorithm } from './hash.js';
export { bitrotRangePieces, readBitrotRange } from './readRange.js';
export { readFully, type PositionalReader } from './source.js';
export { DEFAULT_READ_BYTES, verifiedBlocks, type BitrotReadOptions, type BlockSpan, type VerifiedBlock } from './verifiedBlocks.js';
