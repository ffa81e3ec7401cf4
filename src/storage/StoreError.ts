// Storage's domain errors. The S3 layer maps them with fromStoreError()
// (s3/errors.ts), an exhaustive switch over StoreErrorCode.

export type StoreErrorCode =
  | 'NoSuchBucket'
  | 'BucketAlreadyOwnedByYou'
  | 'BucketNotEmpty'
  | 'NoSuchKey'
  | 'NoSuchVersion'
  | 'NoSuchUpload'
  | 'InvalidPart'
  | 'InvalidPartOrder'
  | 'EntityTooSmall'
  | 'EntityTooLarge'
  | 'PreconditionFailed'
  /** The body ended before its declared length, or ran past it. */
  | 'IncompleteBody'
  /** A declared whole-object checksum did not match what was stored (CompleteMultipartUpload). */
  | 'BadDigest'
  | 'InvalidArgument'
  /** A drive has no space left (ENOSPC). */
  | 'DriveFull'
  /** The drive refused writes (EROFS, EACCES on the data directory). */
  | 'DriveReadOnly'
  /** Too few drives of an erasure set are readable to answer (fewer than the data shards). */
  | 'InsufficientReadQuorum'
  /** Too few drives of an erasure set took a write; nothing was committed. */
  | 'InsufficientWriteQuorum';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly details: { bucket?: string; key?: string; uploadId?: string } = {},
  ) {
    super(message);
  }
}

export function isStoreError(err: unknown): err is StoreError {
  return err instanceof StoreError;
}
