// ListParts: a cursor walk over the upload's `parts` keys, which sort by
// part number.
import type { ListPartsInput, ListPartsResult, PartInfo } from '../../ObjectStore.js';
import { partKey } from '../../meta/index.js';
import { throwIfAborted } from '../abort.js';
import { requireBucket } from '../buckets.js';
import type { EngineContext } from '../context.js';
import { partRange, requireUpload, toUploadInfo } from './uploads.js';

export async function listParts(ctx: EngineContext, input: ListPartsInput, signal: AbortSignal): Promise<ListPartsResult> {
  throwIfAborted(signal);
  const { bucket, key, uploadId } = input;
  requireBucket(ctx.index, bucket);
  const upload = requireUpload(ctx.index, bucket, key, uploadId);
  const maxParts = Math.max(0, input.maxParts);
  const marker = Math.max(0, Math.min(input.partNumberMarker ?? 0, 0xffffffff));
  const range = partRange(uploadId);
  const parts: PartInfo[] = [];
  let isTruncated = false;
  for (const { value } of ctx.index.range('parts', {
    start: partKey(uploadId, marker),
    end: range.end,
    exclusiveStart: true,
    limit: maxParts + 1,
  })) {
    if (parts.length === maxParts) {
      isTruncated = true;
      break;
    }
    const part: PartInfo = {
      partNumber: value.partNumber,
      etag: value.etag,
      sizeBytes: value.sizeBytes,
      lastModified: new Date(value.lastModifiedMs),
    };
    if (value.checksum !== undefined) part.checksum = value.checksum;
    parts.push(part);
  }
  const result: ListPartsResult = { upload: toUploadInfo(bucket, key, upload), parts, isTruncated };
  const last = parts[parts.length - 1];
  if (isTruncated && last !== undefined) result.nextPartNumberMarker = last.partNumber;
  return result;
}
