// One pass over a request body: MD5 (for the ETag), the checksum the client
// asked for, the SHA-256 that x-amz-content-sha256 declared, and the byte
// count, all checked against what the client declared before the stream ends.
// A mismatch errors the stream in flush(), so whoever consumes it (the store)
// sees the failure before it commits anything.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { createChecksum, type ChecksumAlgorithmName, type IncrementalChecksum } from './checksum.js';

export type DigestMismatchKind = 'BadDigest' | 'XAmzContentSHA256Mismatch' | 'IncompleteBody' | 'TooLarge';

/** Raised through the stream when the body is not what the client declared. */
export class DigestMismatchError extends Error {
  override readonly name = 'DigestMismatchError';
  constructor(
    readonly kind: DigestMismatchKind,
    message: string,
  ) {
    super(message);
  }
}

export interface DigestStreamOptions {
  /** Content-MD5, decoded. */
  expectedMd5?: Buffer;
  /** x-amz-content-sha256 when it is a real hash (lower-case hex). */
  expectedSha256Hex?: string;
  /** Content-Length, or x-amz-decoded-content-length for aws-chunked bodies. */
  expectedSizeBytes?: number;
  /** Refuse bodies longer than this (EntityTooLarge). */
  maxSizeBytes?: number;
  /** The checksum to compute and record. */
  checksumAlgorithm?: ChecksumAlgorithmName;
  /**
   * The client's base64 value for checksumAlgorithm. A function because a
   * trailer is only known once the aws-chunked decoder before us has ended.
   */
  expectedChecksum?: () => string | undefined;
}

export interface DigestResult {
  md5: Buffer;
  sizeBytes: number;
  checksum?: { algorithm: ChecksumAlgorithmName; value: string; type: 'FULL_OBJECT' };
}

export class DigestStream extends Transform {
  private readonly md5: Hash = createHash('md5');
  private readonly sha256: Hash | undefined;
  private readonly checksum: IncrementalChecksum | undefined;
  private sizeBytes = 0;
  private finished: DigestResult | undefined;

  constructor(private readonly options: DigestStreamOptions = {}) {
    super();
    this.sha256 = options.expectedSha256Hex !== undefined ? createHash('sha256') : undefined;
    this.checksum = options.checksumAlgorithm !== undefined ? createChecksum(options.checksumAlgorithm) : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.sizeBytes += chunk.length;
    const limit = this.options.maxSizeBytes;
    if (limit !== undefined && this.sizeBytes > limit) {
      callback(new DigestMismatchError('TooLarge', `The body exceeds the maximum allowed size of ${limit} bytes.`));
      return;
    }
    const expected = this.options.expectedSizeBytes;
    if (expected !== undefined && this.sizeBytes > expected) {
      callback(new DigestMismatchError('IncompleteBody', `The body is longer than the declared ${expected} bytes.`));
      return;
    }
    this.md5.update(chunk);
    this.sha256?.update(chunk);
    this.checksum?.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.finished = this.verify();
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  private verify(): DigestResult {
    const { expectedSizeBytes, expectedMd5, expectedSha256Hex, expectedChecksum, checksumAlgorithm } = this.options;
    if (expectedSizeBytes !== undefined && this.sizeBytes !== expectedSizeBytes) {
      throw new DigestMismatchError(
        'IncompleteBody',
        `You did not provide the number of bytes specified by the Content-Length HTTP header: got ${this.sizeBytes} of ${expectedSizeBytes}.`,
      );
    }
    const md5 = this.md5.digest();
    if (expectedMd5 !== undefined && !md5.equals(expectedMd5)) {
      throw new DigestMismatchError('BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
    if (this.sha256 !== undefined && this.sha256.digest('hex') !== expectedSha256Hex) {
      throw new DigestMismatchError(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
    const result: DigestResult = { md5, sizeBytes: this.sizeBytes };
    if (this.checksum !== undefined && checksumAlgorithm !== undefined) {
      const value = this.checksum.digest().toString('base64');
      const declared = expectedChecksum?.();
      if (declared !== undefined && declared !== value) {
        throw new DigestMismatchError('BadDigest', `The ${checksumAlgorithm} you specified did not match the calculated checksum.`);
      }
      result.checksum = { algorithm: checksumAlgorithm, value, type: 'FULL_OBJECT' };
    }
    return result;
  }

  /** The digests; only valid once the stream has ended without error. */
  result(): DigestResult {
    if (this.finished === undefined) throw new Error('DigestStream.result() called before the body ended');
    return this.finished;
  }
}
