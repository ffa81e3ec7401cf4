// Reading and retiring object versions: the translation from index records
// to ObjectInfo, and the bookkeeping when a version stops being referenced.
import type { ObjectInfo, ObjectPartLayout } from '../ObjectStore.js';
import { fileKey, versionKey, type LayoutPart, type MetaReader, type MetaWriter, type ObjectRecord } from '../meta/index.js';

export const NULL_VERSION = 'null';

export function toObjectInfo(bucket: string, key: string, record: ObjectRecord, layout?: readonly LayoutPart[]): ObjectInfo {
  const info: ObjectInfo = {
    bucket,
    key,
    versionId: record.versionId,
    sizeBytes: record.sizeBytes,
    etag: record.etag,
    lastModified: new Date(record.lastModifiedMs),
    metadata: record.metadata,
    storageClass: record.storageClass,
  };
  if (record.checksum !== undefined) info.checksum = record.checksum;
  if (layout !== undefined) info.parts = layout.map(toPartLayout);
  return info;
}

function toPartLayout(part: LayoutPart): ObjectPartLayout {
  const out: ObjectPartLayout = { partNumber: part.partNumber, sizeBytes: part.sizeBytes, etag: part.etag };
  if (part.checksum !== undefined) out.checksum = part.checksum;
  return out;
}

/** The S3 part layout of a multipart version, undefined for other versions. */
export function layoutOf(reader: MetaReader, bucket: string, key: string, record: ObjectRecord): LayoutPart[] | undefined {
  if (record.data.kind !== 'multipart') return undefined;
  const layout = reader.get('layouts', versionKey(bucket, key, record.versionId));
  if (layout === undefined) throw new Error(`Index damaged: the part layout of ${bucket}/${key} is missing.`);
  return layout.parts;
}

/**
 * Drops everything a version owns besides its `objects` record (inline
 * bytes, part layout, file references) and moves its files to `garbage`, in
 * the caller's transaction. Returns the file ids to unlink once the
 * transaction is durable.
 */
export function retireVersion(txn: MetaWriter, bucket: string, key: string, record: ObjectRecord, nowMs: number): string[] {
  const vkey = versionKey(bucket, key, record.versionId);
  let fileIds: string[] = [];
  switch (record.data.kind) {
    case 'inline':
      txn.remove('inline', vkey);
      break;
    case 'parts':
      fileIds = record.data.parts.map((part) => part.fileId);
      break;
    case 'multipart':
      fileIds = (layoutOf(txn, bucket, key, record) ?? []).map((part) => part.fileId);
      txn.remove('layouts', vkey);
      break;
  }
  for (const fileId of fileIds) discardFile(txn, fileId, nowMs);
  return fileIds;
}

/** Moves a file from `files` to `garbage` (same transaction as the change that dropped it). */
export function discardFile(txn: MetaWriter, fileId: string, nowMs: number): void {
  const key = fileKey(fileId);
  txn.remove('files', key);
  txn.put('garbage', key, { sinceMs: nowMs });
}
