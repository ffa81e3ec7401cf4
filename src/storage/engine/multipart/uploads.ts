// Multipart upload bookkeeping shared by the multipart operations. All
// upload state lives in the index (`uploads`, `parts`), never in one
// process's memory: any worker may receive any part.
import { randomBytes } from 'node:crypto';
import type { MultipartUploadInfo } from '../../ObjectStore.js';
import { fileKey, partScope, prefixEnd, uploadKey, type MetaReader, type MetaWriter, type UploadRecord } from '../../meta/index.js';
import { noSuchUpload } from '../errors.js';
import { discardFile } from '../versionWrites.js';

/** 12 hex digits of the initiation time (so upload ids sort by it), then 16 URL-safe random characters. */
const UPLOAD_ID_PATTERN = /^[0-9a-f]{12}[A-Za-z0-9_-]{16}$/;

export function newUploadId(nowMs: number): string {
  return nowMs.toString(16).padStart(12, '0') + randomBytes(12).toString('base64url');
}

export function requireUpload(reader: MetaReader, bucket: string, key: string, uploadId: string): UploadRecord {
  const record = UPLOAD_ID_PATTERN.test(uploadId) ? reader.get('uploads', uploadKey(bucket, key, uploadId)) : undefined;
  if (record === undefined) throw noSuchUpload(bucket, key, uploadId);
  return record;
}

export function findUpload(reader: MetaReader, bucket: string, key: string, uploadId: string): UploadRecord | undefined {
  return UPLOAD_ID_PATTERN.test(uploadId) ? reader.get('uploads', uploadKey(bucket, key, uploadId)) : undefined;
}

export function toUploadInfo(bucket: string, key: string, record: UploadRecord): MultipartUploadInfo {
  const info: MultipartUploadInfo = {
    bucket,
    key,
    uploadId: record.uploadId,
    initiatedAt: new Date(record.initiatedMs),
    metadata: record.metadata,
    storageClass: record.storageClass,
  };
  if (record.checksumAlgorithm !== undefined) info.checksumAlgorithm = record.checksumAlgorithm;
  if (record.checksumType !== undefined) info.checksumType = record.checksumType;
  return info;
}

/** [start, end) of the upload's `parts` keys. */
export function partRange(uploadId: string): { start: Buffer; end: Buffer } {
  const start = partScope(uploadId);
  const end = prefixEnd(start);
  if (end === undefined) throw new Error('unreachable: a part scope ends with 0x00');
  return { start, end };
}

/**
 * Removes every part record of the upload and moves the part files to
 * garbage, except `keep` (file ids now referenced by a completed object).
 * Returns the file ids to unlink after the commit.
 */
export function deleteUploadParts(txn: MetaWriter, uploadId: string, nowMs: number, keep?: ReadonlySet<string>): string[] {
  const garbage: string[] = [];
  const parts = [...txn.range('parts', partRange(uploadId))];
  for (const { key, value } of parts) {
    txn.remove('parts', key);
    if (keep?.has(value.fileId) === true) continue;
    discardFile(txn, value.fileId, nowMs);
    garbage.push(value.fileId);
  }
  return garbage;
}

/** Marks a freshly committed part file as owned by the upload. */
export function claimPartFile(txn: MetaWriter, fileId: string, bucket: string, key: string, uploadId: string, partNumber: number): void {
  txn.put('files', fileKey(fileId), { owner: 'part', bucket, key, uploadId, partNumber });
}
