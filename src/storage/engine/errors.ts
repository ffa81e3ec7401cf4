// The engine's StoreErrors, with the messages and details S3 reports.
import { StoreError } from '../StoreError.js';

export const noSuchBucket = (bucket: string): StoreError =>
  new StoreError('NoSuchBucket', `The bucket ${bucket} does not exist.`, { bucket });

export const noSuchKey = (bucket: string, key: string): StoreError =>
  new StoreError('NoSuchKey', 'The specified key does not exist.', { bucket, key });

export const noSuchUpload = (bucket: string, key: string, uploadId: string): StoreError =>
  new StoreError('NoSuchUpload', `The multipart upload ${uploadId} does not exist: it may have been aborted or completed.`, {
    bucket,
    key,
    uploadId,
  });

export const preconditionFailed = (bucket: string, key: string, why: string): StoreError =>
  new StoreError('PreconditionFailed', `At least one of the pre-conditions you specified did not hold: ${why}.`, { bucket, key });

/** Keys are the S3 layer's to validate; U+0000 is refused here because the index uses it as a separator. */
export function checkKey(bucket: string, key: string): void {
  if (key.includes('\0'))
    throw new StoreError('InvalidArgument', 'Object keys cannot contain the NUL character (U+0000).', { bucket, key });
}

export function unquoteETag(etag: string): string {
  const trimmed = etag.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}
