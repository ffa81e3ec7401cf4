// Reading the source of CopyObject / UploadPartCopy: the x-amz-copy-source
// header (URL-encoded, decoded exactly once), its conditions and range.
import { pipeline } from 'node:stream/promises';
import type { ByteRange, GetObjectInput, GetObjectResult } from '../../storage/index.js';
import { isStoreError } from '../../storage/index.js';
import type { ChecksumAlgorithmName } from '../../util/checksum.js';
import { DigestStream } from '../../util/digestStream.js';
import { header, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { checkReadConditions } from '../http/conditions.js';

/** AWS: a single copy request moves at most 5 GiB. */
const MAX_COPY_SOURCE_BYTES = 5 * 1024 ** 3;

export interface CopySource {
  bucket: string;
  key: string;
  versionId?: string;
}

export function parseCopySource(ctx: RequestContext): CopySource {
  const raw = header(ctx, 'x-amz-copy-source');
  if (raw === undefined || raw === '')
    throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', {
      ArgumentName: 'x-amz-copy-source',
    });
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const query = q === -1 ? '' : raw.slice(q + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid copy source encoding', { ArgumentName: 'x-amz-copy-source', ArgumentValue: raw });
  }
  const trimmed = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) {
    throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', {
      ArgumentName: 'x-amz-copy-source',
      ArgumentValue: raw,
    });
  }
  const source: CopySource = { bucket: trimmed.slice(0, slash), key: trimmed.slice(slash + 1) };
  const versionId = new URLSearchParams(query).get('versionId');
  if (versionId !== null) source.versionId = versionId;
  return source;
}

/** x-amz-copy-source-range: bytes=first-last, both present and within the object. */
function copyRange(ctx: RequestContext, sizeBytes: number): ByteRange | null {
  const raw = header(ctx, 'x-amz-copy-source-range');
  if (raw === undefined) return null;
  const match = /^bytes=(\d+)-(\d+)$/.exec(raw.trim());
  if (match === null)
    throw new S3Error(
      'InvalidArgument',
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: raw },
    );
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start || end >= sizeBytes) {
    throw new S3Error('InvalidRange', undefined, { RangeRequested: raw, ActualObjectSize: String(sizeBytes) });
  }
  return { start, end };
}

export interface OpenedSource {
  source: CopySource;
  result: GetObjectResult;
  /** The copied bytes, hashed in one pass (MD5 and the requested checksum). */
  body: DigestStream;
  sizeBytes: number;
}

/** A copy source naming a delete marker by id is a bad request in S3 (not the 405 a GET of it gets). */
export async function asCopySource<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (isStoreError(err) && err.code === 'VersionIsDeleteMarker') {
      throw new S3Error('InvalidRequest', 'The source of a copy request may not specifically refer to a delete marker by version id.');
    }
    throw err;
  }
}

export async function openCopySource(
  ctx: RequestContext,
  options: { allowRange: boolean; checksumAlgorithm?: ChecksumAlgorithmName },
): Promise<OpenedSource> {
  const source = parseCopySource(ctx);
  const input: GetObjectInput = { bucket: source.bucket, key: source.key };
  if (source.versionId !== undefined) input.versionId = source.versionId;
  input.selectRange = (info) => {
    checkReadConditions(ctx, info, 'x-amz-copy-source-');
    const range = options.allowRange ? copyRange(ctx, info.sizeBytes) : null;
    const size = range === null ? info.sizeBytes : range.end - range.start + 1;
    if (size > MAX_COPY_SOURCE_BYTES) {
      throw new S3Error(
        'InvalidRequest',
        `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_COPY_SOURCE_BYTES}`,
      );
    }
    return range;
  };
  const result = await asCopySource(ctx.store.getObject(input, ctx.signal));
  const sizeBytes = result.range === null ? result.info.sizeBytes : result.range.end - result.range.start + 1;
  const algorithm = options.checksumAlgorithm;
  const body = new DigestStream(
    algorithm === undefined ? { expectedSizeBytes: sizeBytes } : { expectedSizeBytes: sizeBytes, checksumAlgorithm: algorithm },
  );
  pipeline(result.body, body, { signal: ctx.signal }).catch(() => undefined);
  return { source, result, body, sizeBytes };
}
