// Any failure → the S3 error a client should see. The one place where
// storage errors, body-integrity errors and system errors meet.
import type { IncomingMessage } from 'node:http';
import { isStoreError } from '../../storage/index.js';
import { DigestMismatchError } from '../../util/digestStream.js';
import { S3Error, fromStoreError } from '../errors.js';

export function toS3Error(err: unknown, req: IncomingMessage): S3Error {
  if (err instanceof S3Error) return err;
  if (isStoreError(err)) return fromStoreError(err);
  if (err instanceof DigestMismatchError) {
    switch (err.kind) {
      case 'BadDigest':
        return new S3Error('BadDigest', err.message);
      case 'XAmzContentSHA256Mismatch':
        return new S3Error('XAmzContentSHA256Mismatch', err.message);
      case 'IncompleteBody':
        return new S3Error('IncompleteBody', err.message);
      case 'TooLarge':
        return new S3Error('EntityTooLarge', err.message);
    }
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (req.readableAborted || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new S3Error('IncompleteBody', 'The request body ended before the declared length.');
  }
  if (code === 'ENOSPC') return new S3Error('InsufficientStorage');
  return new S3Error('InternalError');
}
