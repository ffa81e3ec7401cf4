// S3Error and the table of S3 error codes Lode answers with.
// Status codes and default messages follow the AWS S3 error-code list.
import type { StoreError } from '../storage/index.js';

const table = {
  AccessDenied: [403, 'Access Denied'],
  BadRequest: [400, 'Bad Request'],
  AccessControlListNotSupported: [400, 'The bucket does not allow ACLs.'],
  AuthorizationHeaderMalformed: [400, 'The authorization header is malformed.'],
  AuthorizationQueryParametersError: [400, 'Error parsing the X-Amz-Credential parameter.'],
  BadDigest: [400, 'The Content-MD5 or checksum you specified did not match what we received.'],
  BucketAlreadyExists: [409, 'The requested bucket name is not available.'],
  BucketAlreadyOwnedByYou: [409, 'Your previous request to create the named bucket succeeded and you already own it.'],
  BucketNotEmpty: [409, 'The bucket you tried to delete is not empty.'],
  EntityTooLarge: [400, 'Your proposed upload exceeds the maximum allowed object size.'],
  EntityTooSmall: [400, 'Your proposed upload is smaller than the minimum allowed object size.'],
  ExpiredToken: [400, 'The provided token has expired.'],
  IllegalLocationConstraintException: [400, 'The specified location-constraint is not valid for this server.'],
  IncompleteBody: [400, 'You did not provide the number of bytes specified by the Content-Length HTTP header.'],
  InsufficientStorage: [507, 'Your request could not be stored: the drive is full.'],
  InternalError: [500, 'We encountered an internal error. Please try again.'],
  InvalidAccessKeyId: [403, 'The AWS access key ID you provided does not exist in our records.'],
  InvalidArgument: [400, 'Invalid Argument'],
  InvalidBucketName: [400, 'The specified bucket is not valid.'],
  InvalidChunkSizeError: [403, 'Only the last chunk is allowed to have a size less than 8192 bytes.'],
  InvalidDigest: [400, 'The Content-MD5 or checksum you specified is not valid.'],
  InvalidPart: [
    400,
    "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified ETag might not have matched the uploaded part's ETag.",
  ],
  InvalidPartOrder: [400, 'The list of parts was not in ascending order. The parts list must be specified in order by part number.'],
  InvalidPartNumber: [416, 'The requested partnumber is not satisfiable'],
  InvalidRange: [416, 'The requested range is not satisfiable.'],
  InvalidRequest: [400, 'Invalid Request'],
  InvalidURI: [400, "Couldn't parse the specified URI."],
  InvalidStorageClass: [400, 'The storage class you specified is not valid.'],
  KeyTooLongError: [400, 'Your key is too long.'],
  MalformedXML: [400, 'The XML you provided was not well-formed or did not validate against our published schema.'],
  MaxMessageLengthExceeded: [400, 'Your request was too big.'],
  MetadataTooLarge: [400, 'Your metadata headers exceed the maximum allowed metadata size.'],
  MethodNotAllowed: [405, 'The specified method is not allowed against this resource.'],
  MissingContentLength: [411, 'You must provide the Content-Length HTTP header.'],
  MissingSecurityHeader: [400, 'Your request is missing a required header.'],
  NoSuchBucket: [404, 'The specified bucket does not exist.'],
  NoSuchKey: [404, 'The specified key does not exist.'],
  NoSuchUpload: [
    404,
    'The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.',
  ],
  NoSuchVersion: [404, 'The specified version does not exist.'],
  NotImplemented: [501, 'A header you provided implies functionality that is not implemented.'],
  NotModified: [304, 'Not Modified'],
  PreconditionFailed: [412, 'At least one of the pre-conditions you specified did not hold.'],
  RequestHeaderSectionTooLarge: [400, 'Your request header section exceeds the maximum allowed size.'],
  RequestTimeout: [400, 'Your socket connection to the server was not read from or written to within the timeout period.'],
  RequestTimeTooSkewed: [403, "The difference between the request time and the server's time is too large."],
  ServiceUnavailable: [503, 'Service is unable to handle request.'],
  SignatureDoesNotMatch: [
    403,
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  ],
  SlowDown: [503, 'Please reduce your request rate.'],
  XAmzContentSHA256Mismatch: [400, "The provided 'x-amz-content-sha256' header does not match what was computed."],
  InvalidObjectState: [403, 'The operation is not valid for the current state of the object.'],
  NoSuchBucketPolicy: [404, 'The bucket policy does not exist.'],
  NoSuchLifecycleConfiguration: [404, 'The lifecycle configuration does not exist.'],
  NoSuchTagSet: [404, 'There is no tag set associated with the bucket.'],
  NoSuchCORSConfiguration: [404, 'The CORS configuration does not exist.'],
  ServerSideEncryptionConfigurationNotFoundError: [404, 'The server side encryption configuration was not found.'],
  ObjectLockConfigurationNotFoundError: [404, 'Object Lock configuration does not exist for this bucket.'],
  NoSuchWebsiteConfiguration: [404, 'The specified bucket does not have a website configuration.'],
  UnexpectedContent: [400, 'This request does not support content.'],
  InvalidTag: [400, 'The tag provided was not a valid tag.'],
  InvalidBucketState: [409, 'The request is not valid with the current state of the bucket.'],
  NoSuchObjectLockConfiguration: [404, 'The specified object does not have an ObjectLock configuration.'],
  InvalidRetentionPeriod: [400, 'The retention period is not valid.'],
} as const satisfies Record<string, readonly [number, string]>;

export type S3ErrorCode = keyof typeof table;

export class S3Error extends Error {
  override readonly name = 'S3Error';
  readonly status: number;
  /** Extra elements S3 adds to the error body (Key, BucketName, Condition, ...), in order. */
  readonly extra: Record<string, string>;
  /** Extra response headers (for example Allow on MethodNotAllowed). */
  readonly headers: Record<string, string>;

  constructor(
    readonly code: S3ErrorCode,
    message?: string,
    extra: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) {
    super(message ?? table[code][1]);
    this.status = table[code][0];
    this.extra = extra;
    this.headers = headers;
  }
}

export function isS3Error(err: unknown): err is S3Error {
  return err instanceof S3Error;
}

/** The one translation from storage's domain errors to S3's. */
export function fromStoreError(err: StoreError): S3Error {
  const extra: Record<string, string> = {};
  if (err.details.bucket !== undefined) extra['BucketName'] = err.details.bucket;
  if (err.details.key !== undefined) extra['Key'] = err.details.key;
  if (err.details.uploadId !== undefined) extra['UploadId'] = err.details.uploadId;
  // S3 marks answers about delete markers with these headers (GET/HEAD/DELETE).
  const headers: Record<string, string> = {};
  if (err.details.deleteMarker === true) headers['x-amz-delete-marker'] = 'true';
  if (err.details.versionId !== undefined && err.details.deleteMarker === true) headers['x-amz-version-id'] = err.details.versionId;
  switch (err.code) {
    case 'NoSuchBucket':
      return new S3Error('NoSuchBucket', undefined, pick(extra, 'BucketName'));
    case 'BucketAlreadyOwnedByYou':
      return new S3Error('BucketAlreadyOwnedByYou', undefined, pick(extra, 'BucketName'));
    case 'BucketNotEmpty':
      return new S3Error('BucketNotEmpty', undefined, pick(extra, 'BucketName'));
    case 'NoSuchKey':
      return new S3Error('NoSuchKey', undefined, pick(extra, 'Key'), headers);
    case 'NoSuchVersion':
      return new S3Error('NoSuchVersion', undefined, {
        ...pick(extra, 'Key'),
        ...(err.details.versionId !== undefined ? { VersionId: err.details.versionId } : {}),
      });
    case 'VersionIsDeleteMarker':
      return new S3Error(
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.',
        { Method: 'GET', ResourceType: 'DeleteMarker' },
        { ...headers, Allow: 'DELETE' },
      );
    case 'ObjectLocked':
      return new S3Error('AccessDenied', err.message);
    case 'InvalidRequest':
      return new S3Error('InvalidRequest', err.message);
    case 'InvalidBucketState':
      return new S3Error('InvalidBucketState', err.message);
    case 'NoSuchUpload':
      return new S3Error('NoSuchUpload', undefined, pick(extra, 'UploadId'));
    case 'InvalidPart':
      return new S3Error('InvalidPart', err.message);
    case 'InvalidPartOrder':
      return new S3Error('InvalidPartOrder');
    case 'EntityTooSmall':
      return new S3Error('EntityTooSmall', err.message);
    case 'EntityTooLarge':
      return new S3Error('EntityTooLarge', err.message);
    case 'PreconditionFailed':
      return new S3Error('PreconditionFailed', undefined, { Condition: err.message });
    case 'IncompleteBody':
      return new S3Error('IncompleteBody', err.message);
    case 'BadDigest':
      return new S3Error('BadDigest', err.message);
    case 'InvalidArgument':
      return new S3Error('InvalidArgument', err.message);
    case 'DriveFull':
      return new S3Error('InsufficientStorage', err.message);
    case 'DriveReadOnly':
    case 'DriveFailed':
      return new S3Error('InternalError', err.message);
    // S3 answers a GET of damaged data with a 500 (and cuts a body already started); the message names no file to the client.
    case 'DataCorrupted':
      return new S3Error('InternalError', 'The object is damaged on disk and cannot be served; the server log names the damaged file.');
    // S3 has no code for a lost quorum; 503 SlowDown is what clients retry.
    case 'InsufficientReadQuorum':
    case 'InsufficientWriteQuorum':
      return new S3Error('SlowDown', err.message);
    default: {
      const exhaustive: never = err.code;
      return new S3Error('InternalError', `unmapped storage error ${String(exhaustive)}`);
    }
  }
}

function pick(extra: Record<string, string>, ...names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = extra[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
