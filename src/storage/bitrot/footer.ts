// The last 40 bytes of every framed data file: what a reader needs to
// interpret the file without the index (the geometry and which shard it
// is), so a file found on a drive can be read, verified and healed on its
// own. A single-drive data file carries the footer of a 1+0 shard file.
//
//   0  magic "LODESHRD"          8
//   8  version (1)               u8
//   9  data shards               u8
//  10  parity shards             u8
//  11  shard index               u8
//  12  stripe bytes              u32 BE
//  16  object size               u64 BE
//  24  bitrot algorithm (1=xxh3-64) u8, 7 reserved
//  32  crc32 of bytes 0..31      u32 BE, 4 reserved
import { crc32 } from 'node:zlib';
import { readFully, type BlockReader } from './readFully.js';

export const FOOTER_BYTES = 40;
const MAGIC = Buffer.from('LODESHRD', 'latin1');

export interface ShardFooter {
  dataShards: number;
  parityShards: number;
  shardIndex: number;
  /** Object bytes per stripe; with one data shard, the block size of the file. */
  stripeBytes: number;
  /** Logical object bytes (not the file's). */
  sizeBytes: number;
}

export function encodeFooter(f: ShardFooter): Buffer {
  const out = Buffer.alloc(FOOTER_BYTES);
  MAGIC.copy(out, 0);
  out[8] = 1;
  out[9] = f.dataShards;
  out[10] = f.parityShards;
  out[11] = f.shardIndex;
  out.writeUInt32BE(f.stripeBytes, 12);
  out.writeBigUInt64BE(BigInt(f.sizeBytes), 16);
  out[24] = 1;
  out.writeUInt32BE(crc32(out.subarray(0, 32)), 32);
  return out;
}

/** The footer, or undefined when the bytes are not a valid footer (a torn or foreign file). */
export function decodeFooter(bytes: Buffer): ShardFooter | undefined {
  if (bytes.length !== FOOTER_BYTES || !hasFooterMagic(bytes) || bytes[8] !== 1 || bytes[24] !== 1) return undefined;
  if (bytes.readUInt32BE(32) !== crc32(bytes.subarray(0, 32))) return undefined;
  return {
    dataShards: bytes[9]!,
    parityShards: bytes[10]!,
    shardIndex: bytes[11]!,
    stripeBytes: bytes.readUInt32BE(12),
    sizeBytes: Number(bytes.readBigUInt64BE(16)),
  };
}

/** Whether `tail` starts with the footer's magic: the file meant to be framed, whether or not the rest of the footer survived. */
export function hasFooterMagic(tail: Buffer): boolean {
  return tail.length >= MAGIC.length && tail.subarray(0, MAGIC.length).equals(MAGIC);
}

/** The last FOOTER_BYTES of a file of `fileBytes` (undefined when it is shorter than a footer). */
export async function readTail(file: BlockReader, fileBytes: number): Promise<Buffer | undefined> {
  if (fileBytes < FOOTER_BYTES) return undefined;
  const tail = Buffer.alloc(FOOTER_BYTES);
  return (await readFully(file, tail, FOOTER_BYTES, fileBytes - FOOTER_BYTES)) === FOOTER_BYTES ? tail : undefined;
}
