// The fixed strings and limits of SigV4 for S3, in one place so that the
// parsers, the signer and the tests agree on them.

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const CHUNK_ALGORITHM = 'AWS4-HMAC-SHA256-PAYLOAD';
export const TRAILER_ALGORITHM = 'AWS4-HMAC-SHA256-TRAILER';
export const SCOPE_TERMINATOR = 'aws4_request';
export const SERVICE = 's3';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

/** sha256 of the empty string, used in every chunk's string to sign. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** S3 refuses requests signed more than 15 minutes from its clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** A presigned URL lives at most seven days. */
export const MAX_PRESIGN_EXPIRES_SECONDS = 604800;

/** Query parameter names of a presigned request (case-sensitive, as S3). */
export const Q_ALGORITHM = 'X-Amz-Algorithm';
export const Q_CREDENTIAL = 'X-Amz-Credential';
export const Q_DATE = 'X-Amz-Date';
export const Q_EXPIRES = 'X-Amz-Expires';
export const Q_SIGNED_HEADERS = 'X-Amz-SignedHeaders';
export const Q_SIGNATURE = 'X-Amz-Signature';
export const Q_SECURITY_TOKEN = 'X-Amz-Security-Token';
