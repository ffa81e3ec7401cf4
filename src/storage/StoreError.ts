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
  /** The request is not valid for the bucket's configuration (object lock settings on a bucket without object lock, for example). */
  | 'InvalidRequest'
  /** The bucket's state forbids the change (suspending versioning under object lock). */
  | 'InvalidBucketState'
  /** GET/HEAD named a version that is a delete marker (S3: 405 with x-amz-delete-marker). */
  | 'VersionIsDeleteMarker'
  /** Object lock: the version is under retention or legal hold. */
  | 'ObjectLocked'
  /** A drive has no space left (ENOSPC). */
  | 'DriveFull'
  /** The drive refused writes (EROFS, EACCES on the data directory). */
  | 'DriveReadOnly'
  /** The drive failed an I/O operation (EIO, a vanished disk, a broken index environment). */
  | 'DriveFailed'
  /** Too few drives of an erasure set are readable to answer (fewer than the data shards). */
  | 'InsufficientReadQuorum'
  /** Too few drives of an erasure set took a write; nothing was committed. */
  | 'InsufficientWriteQuorum'
  /** Stored bytes failed their bitrot check (a block's hash, a torn file) and no redundancy can rebuild them: refused, never served. */
  | 'DataCorrupted';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly details: {
      bucket?: string;
      key?: string;
      uploadId?: string;
      versionId?: string;
      /** NoSuchKey because the current version is a delete marker, or VersionIsDeleteMarker. */
      deleteMarker?: boolean;
    } = {},
  ) {
    super(message);
  }
}

export function isStoreError(err: unknown): err is StoreError {
  return err instanceof StoreError;
}
