// GetObject / HeadObject. The record (and inline bytes) come from one
// synchronous read of the index, so info and bytes belong to one version.
// Data files are opened before the stream is returned: if the version was
// replaced meanwhile and its files already unlinked, the read starts over
// with the new version. Once open, a file stays readable even if it is
// unlinked (POSIX), so a replaced object keeps streaming its old bytes.
// The first chunk is read (and its blocks verified) before the stream is
// returned too: damaged data at the start is an error answer, not a 200.
import type { ByteRange, GetObjectInput, GetObjectResult, HeadObjectInput, ObjectInfo } from '../ObjectStore.js';
import { StoreError } from '../StoreError.js';
import { isNotFound } from '../drive/index.js';
import { objectKey, type DataPart, type MetaReader, type ObjectRecord } from '../meta/index.js';
import { throwIfAborted } from './abort.js';
import { requireBucket } from './buckets.js';
import type { EngineContext } from './context.js';
import { noSuchKey } from './errors.js';
import { bufferStream, SegmentReadStream, type Segment } from './readStream.js';
import { dataKey, findVersion, invalidVersionId, isVersionId, layoutOf, newestVersion, toObjectInfo } from './versions.js';
import { ignoreLateErrors } from '../../util/lateErrors.js';

/** Files opened before the response starts; the rest open as the stream reaches them. */
const EAGER_OPEN_FILES = 8;
const MAX_ATTEMPTS = 4;

interface CurrentVersion {
  record: ObjectRecord;
  info: ObjectInfo;
  files: DataPart[];
}

/**
 * The current version of the key, or the named one (bucket checked first),
 * with its part layout. A delete marker answers as S3 does: NoSuchKey when it
 * is current, VersionIsDeleteMarker when named.
 */
export function readVersion(reader: MetaReader, bucket: string, key: string, versionId: string | undefined): CurrentVersion {
  requireBucket(reader, bucket);
  let record: ObjectRecord | undefined;
  if (versionId === undefined) {
    record = reader.get('objects', objectKey(bucket, key));
    if (record === undefined) {
      const newest = newestVersion(reader, bucket, key);
      if (newest?.deleteMarker === true)
        throw new StoreError('NoSuchKey', 'The specified key does not exist.', {
          bucket,
          key,
          versionId: newest.versionId,
          deleteMarker: true,
        });
      throw noSuchKey(bucket, key);
    }
  } else {
    if (!isVersionId(versionId)) throw invalidVersionId(bucket, key, versionId);
    record = findVersion(reader, bucket, key, versionId);
    if (record === undefined) throw new StoreError('NoSuchVersion', 'The specified version does not exist.', { bucket, key, versionId });
    if (record.deleteMarker === true) {
      throw new StoreError('VersionIsDeleteMarker', 'The specified version is a delete marker.', {
        bucket,
        key,
        versionId,
        deleteMarker: true,
      });
    }
  }
  const layout = layoutOf(reader, bucket, key, record);
  const info = toObjectInfo(bucket, key, record, layout);
  const files = layout ?? (record.data.kind === 'parts' ? record.data.parts : []);
  return { record, info, files };
}

export async function headObject(ctx: EngineContext, input: HeadObjectInput, signal: AbortSignal): Promise<ObjectInfo> {
  throwIfAborted(signal);
  return readVersion(ctx.index, input.bucket, input.key, input.versionId).info;
}

/** The body's error listener while getObject still owns it (the caller's own listener takes over on return). */
const ignoreUntilReturned = (): void => undefined;

export async function getObject(ctx: EngineContext, input: GetObjectInput, signal: AbortSignal): Promise<GetObjectResult> {
  const { bucket, key } = input;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal);
    const { record, info, files } = readVersion(ctx.index, bucket, key, input.versionId);
    const range = input.selectRange?.(info) ?? null;
    if (range !== null) checkRange(range, record.sizeBytes, bucket, key);
    if (record.data.kind === 'inline') {
      const bytes = record.sizeBytes === 0 ? Buffer.alloc(0) : ctx.index.get('inline', dataKey(bucket, key, record));
      if (bytes === undefined) throw new Error(`Index damaged: the inline bytes of ${bucket}/${key} are missing.`);
      const selected = range === null ? bytes : bytes.subarray(range.start, range.end + 1);
      return { info, range, body: bufferStream(selected, signal), bytes: selected };
    }
    const segments = segmentsOf(files, range, record.sizeBytes);
    let body: SegmentReadStream | undefined;
    try {
      await openFirst(ctx, segments);
      body = new SegmentReadStream(ctx.drive, segments, signal);
      // Nobody listens to the stream until it is returned: a client that goes
      // away while the first chunk is read destroys it with an error, which
      // would otherwise be an uncaught 'error' that takes the worker down.
      body.on('error', ignoreUntilReturned);
      await body.readFirst();
      throwIfAborted(signal);
      body.off('error', ignoreUntilReturned);
    } catch (err) {
      // The stream closes the files it holds; before it exists, close them here.
      if (body !== undefined) {
        ignoreLateErrors(body);
        body.destroy();
      } else await Promise.allSettled(segments.flatMap((s) => (s.file === undefined ? [] : [s.file.close()])));
      if (isNotFound(err) && attempt < MAX_ATTEMPTS) continue; // replaced under us: read the new version
      throw err;
    }
    return { info, range, body };
  }
}

function checkRange(range: ByteRange, sizeBytes: number, bucket: string, key: string): void {
  const valid =
    Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end < sizeBytes;
  if (!valid)
    throw new StoreError('InvalidArgument', `The range ${range.start}-${range.end} is outside the object (${sizeBytes} bytes).`, {
      bucket,
      key,
    });
}

/** The pieces of the files that hold [range.start, range.end] (or everything). */
function segmentsOf(files: readonly DataPart[], range: ByteRange | null, sizeBytes: number): Segment[] {
  const first = range?.start ?? 0;
  const endExclusive = range === null ? sizeBytes : range.end + 1;
  const segments: Segment[] = [];
  let offset = 0;
  for (const file of files) {
    const fileStart = offset;
    const fileEnd = offset + file.sizeBytes;
    offset = fileEnd;
    if (file.sizeBytes === 0 || fileEnd <= first) continue;
    if (fileStart >= endExclusive) break;
    segments.push({
      fileId: file.fileId,
      start: Math.max(first, fileStart) - fileStart,
      endExclusive: Math.min(endExclusive, fileEnd) - fileStart,
    });
  }
  return segments;
}

async function openFirst(ctx: EngineContext, segments: Segment[]): Promise<void> {
  const eager = segments.slice(0, EAGER_OPEN_FILES);
  const opened = await Promise.allSettled(eager.map((segment) => ctx.drive.open(segment.fileId)));
  const failure = opened.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await Promise.allSettled(opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])));
    const reason: unknown = failure.reason;
    throw reason;
  }
  opened.forEach((result, i) => {
    const segment = eager[i];
    if (result.status === 'fulfilled' && segment !== undefined) segment.file = result.value;
  });
}
