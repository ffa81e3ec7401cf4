// The types of ObjectStore's multipart uploads. Re-exported by ObjectStore.ts.
import type { Readable } from 'node:stream';
import type { BodyDigests, Checksum, ChecksumAlgorithm, ChecksumType, ObjectMetadata, WriteConditions } from './objectTypes.js';
import type { Retention, Tag } from './bucketTypes.js';

export interface CreateMultipartUploadInput {
  bucket: string;
  key: string;
  metadata: ObjectMetadata;
  storageClass?: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
  /** Applied to the object CompleteMultipartUpload creates. */
  tags?: Tag[];
  retention?: Retention;
  legalHold?: boolean;
}

export interface MultipartUploadInfo {
  bucket: string;
  key: string;
  uploadId: string;
  initiatedAt: Date;
  metadata: ObjectMetadata;
  storageClass: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
}

export interface UploadPartInput {
  bucket: string;
  key: string;
  uploadId: string;
  /** 1..10000 */
  partNumber: number;
  body: Readable;
  digests: () => BodyDigests;
  sizeBytes?: number;
}

export interface PartInfo {
  partNumber: number;
  /** Unquoted hex md5 of the part. */
  etag: string;
  sizeBytes: number;
  lastModified: Date;
  checksum?: Checksum;
}

export interface CompletedPartInput {
  partNumber: number;
  /** As the client sent it; quotes are ignored. */
  etag: string;
  /** The client's x-amz-checksum-* for this part, when it sent one; it must match what was stored. */
  checksumValue?: string;
}

export interface CompleteMultipartUploadInput {
  bucket: string;
  key: string;
  uploadId: string;
  parts: CompletedPartInput[];
  conditions?: WriteConditions;
  /** The whole-object checksum the client declared (FULL_OBJECT or COMPOSITE "-N"), to be verified. */
  expectedChecksum?: string;
}

export interface ListPartsInput {
  bucket: string;
  key: string;
  uploadId: string;
  partNumberMarker?: number;
  /** 1..1000 */
  maxParts: number;
}

export interface ListPartsResult {
  upload: MultipartUploadInfo;
  parts: PartInfo[];
  isTruncated: boolean;
  nextPartNumberMarker?: number;
}

export interface ListMultipartUploadsInput {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  keyMarker?: string;
  uploadIdMarker?: string;
  /** 1..1000 */
  maxUploads: number;
}

export interface ListMultipartUploadsResult {
  uploads: MultipartUploadInfo[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
}
