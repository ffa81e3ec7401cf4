// Answering a CompleteMultipartUpload that is re-sent after the upload
// completed. The AWS SDKs retry on timeouts and connection resets, so the
// first request may have committed while its response was lost; AWS answers
// the retry with the same success (ETag, version id, checksum), not with
// NoSuchUpload. Each completion leaves a small `completed` record, written
// in the completion's own transaction (so a crash keeps both or neither),
// and the retry is answered from the object the completion made.
//
// When it is answered (AWS documents no window; this is our choice):
// - within COMPLETION_RETENTION_MS of the completion, and
// - while the version the completion made is still the key's current one
//   (overwritten or deleted since: NoSuchUpload, as for any upload that is
//   gone; answering would hand out an ETag that is not the object's), and
// - when the retry names exactly the parts the object was made of (a
//   different list cannot describe this object: NoSuchUpload too).
// Records older than the window are swept a few at a time by the
// transactions that create and complete uploads.
import type { CompleteMultipartUploadInput } from '../../ObjectStore.js';
import { objectKey, type CompletionRecord, type MetaReader, type MetaWriter, type ObjectRecord } from '../../meta/index.js';
import { unquoteETag } from '../errors.js';
import { dataKey } from '../versions.js';
import { checksumMatches } from './checksums.js';

/** How long a completed upload stays answerable: long enough for any SDK's retries and a client's own restart. */
export const COMPLETION_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Records looked at per sweep: more than the one each completion adds, so expired records go faster than new ones come. */
const SWEEP_LIMIT = 8;

/** `completed` key: the upload id (ASCII; its time prefix sorts the oldest first). */
export function completionKey(uploadId: string): Buffer {
  return Buffer.from(uploadId, 'latin1');
}

/** Records the completion, in the transaction that makes the object. */
export function recordCompletion(txn: MetaWriter, uploadId: string, record: CompletionRecord): void {
  txn.put('completed', completionKey(uploadId), record);
}

/**
 * Removes expired records among the oldest-initiated few. An upload
 * initiated long ago but completed recently may sit at the front for up to
 * the window and hold the sweep there: records behind it wait at most one
 * more window, so the table holds about two windows' completions at most.
 */
export function sweepCompletions(txn: MetaWriter, nowMs: number): void {
  const expired: Buffer[] = [];
  for (const { key, value } of txn.range('completed', { start: Buffer.alloc(0), end: Buffer.from([0xff]), limit: SWEEP_LIMIT })) {
    if (value.completedMs + COMPLETION_RETENTION_MS <= nowMs) expired.push(key);
  }
  for (const key of expired) txn.remove('completed', key);
}

/**
 * The object a completed upload made, if the request is a retry of that
 * completion that may still be answered with it (see the rules above);
 * otherwise undefined (the caller answers NoSuchUpload).
 */
export function replayedCompletion(reader: MetaReader, input: CompleteMultipartUploadInput, nowMs: number): ObjectRecord | undefined {
  const { bucket, key, uploadId } = input;
  const done = reader.get('completed', completionKey(uploadId));
  if (done === undefined || done.bucket !== bucket || done.key !== key || done.completedMs + COMPLETION_RETENTION_MS <= nowMs)
    return undefined;
  const current = reader.get('objects', objectKey(bucket, key));
  if (current === undefined || current.vsk !== done.vsk || current.data.kind !== 'multipart') return undefined;
  const layout = reader.get('layouts', dataKey(bucket, key, current));
  if (layout === undefined || layout.parts[0]?.fileId !== done.firstFileId) return undefined;
  if (layout.parts.length !== input.parts.length) return undefined;
  for (const [i, listed] of input.parts.entries()) {
    const part = layout.parts[i];
    if (part === undefined || part.partNumber !== listed.partNumber || part.etag !== unquoteETag(listed.etag).toLowerCase())
      return undefined;
    if (listed.checksumValue !== undefined && listed.checksumValue !== part.checksum?.value) return undefined;
  }
  if (
    input.expectedChecksum !== undefined &&
    (current.checksum === undefined || !checksumMatches(input.expectedChecksum, current.checksum))
  )
    return undefined;
  return current;
}
