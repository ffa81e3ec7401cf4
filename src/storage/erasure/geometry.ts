// How an object's bytes map onto an erasure set. The object is cut into
// stripes of `stripeBytes` (the last may be short); each stripe is split into
// k data shards of ceil(stripe / k) bytes (zero-padded) plus m parity shards
// of the same size. Shard j of every stripe goes to the same drive, one
// block per stripe, so a shard file is a run of equal blocks (the last may be
// shorter): the blocks of storage/bitrot's frame, each behind its hash.

export interface ErasureGeometry {
  dataShards: number;
  parityShards: number;
  stripeBytes: number;
  /** Logical object bytes. */
  sizeBytes: number;
}

export function stripeCount(g: ErasureGeometry): number {
  return Math.ceil(g.sizeBytes / g.stripeBytes);
}

/** Logical bytes in stripe `i`. */
export function stripeLength(g: ErasureGeometry, i: number): number {
  return Math.min(g.stripeBytes, g.sizeBytes - i * g.stripeBytes);
}

/** Shard block bytes of a full stripe. */
export function blockBytesOf(g: Pick<ErasureGeometry, 'dataShards' | 'stripeBytes'>): number {
  return Math.ceil(g.stripeBytes / g.dataShards);
}

/** Shard block bytes of stripe `i`. */
export function shardBlockLength(g: ErasureGeometry, i: number): number {
  return Math.ceil(stripeLength(g, i) / g.dataShards);
}

/** Bytes of shard data in one shard file (without hashes). */
export function shardDataBytes(g: ErasureGeometry): number {
  const stripes = stripeCount(g);
  if (stripes === 0) return 0;
  return (stripes - 1) * blockBytesOf(g) + shardBlockLength(g, stripes - 1);
}

/**
 * The drive slot that holds shard `shard` of a file: shards rotate by a hash
 * of the file id, so parity (and the extra read work of degraded reads)
 * spreads over every drive instead of always landing on the last ones.
 */
export function slotOfShard(shard: number, setSize: number, rotation: number): number {
  return (shard + rotation) % setSize;
}

export function rotationOf(fileId: string, setSize: number): number {
  let h = 0;
  for (let i = 0; i < fileId.length; i++) h = (h * 31 + fileId.charCodeAt(i)) >>> 0;
  return h % setSize;
}

/** Drives that must take a write: k, or k + 1 when k equals m, so that any write and read quorum overlap. */
export function writeQuorumOf(dataShards: number, parityShards: number): number {
  return dataShards === parityShards ? dataShards + 1 : dataShards;
}
