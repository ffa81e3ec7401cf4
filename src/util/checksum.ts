// The S3 checksum algorithms behind one incremental interface, plus the two
// ways S3 derives a multipart object's checksum from its parts' checksums.
import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32c as nativeCrc32c } from '@node-rs/crc32';
import { Crc64Nvme } from './crc64nvme.js';

export type ChecksumAlgorithmName = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithmName[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

export function isChecksumAlgorithm(value: string): value is ChecksumAlgorithmName {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(value);
}

/** Digest length in bytes, for validating client-supplied base64 values. */
export const CHECKSUM_BYTES: Record<ChecksumAlgorithmName, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
};

export interface IncrementalChecksum {
  update(data: Uint8Array): void;
  /** Big-endian digest bytes. */
  digest(): Buffer;
}

class Crc32Hasher implements IncrementalChecksum {
  private value = 0;
  constructor(private readonly fn: (data: Uint8Array, init: number) => number) {}
  update(data: Uint8Array): void {
    this.value = this.fn(data, this.value);
  }
  digest(): Buffer {
    const out = Buffer.allocUnsafe(4);
    out.writeUInt32BE(this.value >>> 0, 0);
    return out;
  }
}

export function createChecksum(algorithm: ChecksumAlgorithmName): IncrementalChecksum {
  switch (algorithm) {
    case 'CRC32':
      return new Crc32Hasher((d, v) => zlibCrc32(d, v));
    case 'CRC32C':
      return new Crc32Hasher((d, v) => nativeCrc32c(d, v));
    case 'CRC64NVME': {
      const crc = new Crc64Nvme();
      return { update: (d) => void crc.update(d), digest: () => crc.digest() };
    }
    case 'SHA1':
    case 'SHA256': {
      const hash = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
      return { update: (d) => void hash.update(d), digest: () => hash.digest() };
    }
  }
}

export function checksumOf(algorithm: ChecksumAlgorithmName, data: Uint8Array): Buffer {
  const hasher = createChecksum(algorithm);
  hasher.update(data);
  return hasher.digest();
}

/**
 * COMPOSITE multipart checksum: the algorithm over the concatenated binary
 * part checksums, base64, suffixed "-N" (N = number of parts).
 */
export function compositeChecksum(algorithm: ChecksumAlgorithmName, partDigests: Buffer[]): string {
  return `${checksumOf(algorithm, Buffer.concat(partDigests)).toString('base64')}-${partDigests.length}`;
}

// Reflected polynomials, for combining CRCs of adjacent byte runs.
const CRC_POLY: Partial<Record<ChecksumAlgorithmName, { poly: bigint; width: number }>> = {
  CRC32: { poly: 0xedb88320n, width: 32 },
  CRC32C: { poly: 0x82f63b78n, width: 32 },
  CRC64NVME: { poly: 0x9a6c9329ac4bc9b5n, width: 64 },
};

export function isCrcAlgorithm(algorithm: ChecksumAlgorithmName): boolean {
  return CRC_POLY[algorithm] !== undefined;
}

/**
 * FULL_OBJECT multipart checksum for CRCs: crc(A || B) from crc(A), crc(B)
 * and len(B), without the bytes (zlib's crc32_combine, generalised to any
 * reflected CRC with init = xorout = all ones). Called once per part at
 * CompleteMultipartUpload, so BigInt's cost does not matter.
 */
export function combineCrc(algorithm: ChecksumAlgorithmName, crcA: Buffer, crcB: Buffer, lengthB: number): Buffer {
  const spec = CRC_POLY[algorithm];
  if (spec === undefined) throw new Error(`${algorithm} is not a CRC`);
  const { poly, width } = spec;
  const bytes = width / 8;
  let a = readBig(crcA);
  const b = readBig(crcB);
  // Apply lengthB zero bytes to A: multiply by x^(8*lengthB) mod P using
  // square-and-multiply over "shift by 2^k zero bits" operators.
  // gf2 multiply modulo P in reflected bit order.
  const mulmod = (x: bigint, y: bigint): bigint => {
    const top = 1n << BigInt(width - 1);
    let product = 0n;
    let m = top;
    while (m !== 0n) {
      if ((x & m) !== 0n) product ^= y;
      m >>= 1n;
      y = (y & 1n) !== 0n ? (y >> 1n) ^ poly : y >> 1n;
    }
    return product;
  };
  // x^(2^k) powers starting from x^8 (one zero byte): x^1 in reflected form is top >> 1.
  let pow = 1n << BigInt(width - 2); // represents x^1
  for (let i = 0; i < 3; i++) pow = mulmod(pow, pow); // x^8
  let n = lengthB;
  let multiplier = 1n << BigInt(width - 1); // represents x^0 = 1
  while (n > 0) {
    if (n & 1) multiplier = mulmod(multiplier, pow);
    pow = mulmod(pow, pow);
    n = Math.floor(n / 2);
  }
  a = mulmod(multiplier, a) ^ b;
  return writeBig(a, bytes);
}

function readBig(buf: Buffer): bigint {
  let v = 0n;
  for (const byte of buf) v = (v << 8n) | BigInt(byte);
  return v;
}

function writeBig(value: bigint, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}
