// Write preconditions (If-None-Match: *, If-Match), evaluated inside the
// write transaction against the record being replaced, so that the check and
// the commit are one atomic step across requests and processes.
import type { WriteConditions } from '../ObjectStore.js';
import type { StoreError } from '../StoreError.js';
import type { ObjectRecord } from '../meta/index.js';
import { noSuchKey, preconditionFailed, unquoteETag } from './errors.js';

export function checkWriteConditions(
  current: ObjectRecord | undefined,
  conditions: WriteConditions | undefined,
  bucket: string,
  key: string,
): StoreError | undefined {
  if (conditions === undefined) return undefined;
  if (conditions.ifNoneMatchAny === true && current !== undefined) {
    return preconditionFailed(bucket, key, 'If-None-Match: * and the object exists');
  }
  if (conditions.ifMatchETag !== undefined) {
    // AWS answers 404 for If-Match on a key that does not exist.
    if (current === undefined) return noSuchKey(bucket, key);
    const wanted = unquoteETag(conditions.ifMatchETag);
    if (wanted !== '*' && wanted !== current.etag) {
      return preconditionFailed(bucket, key, 'If-Match does not match the current ETag');
    }
  }
  return undefined;
}
