// Helpers shared by the multipart suites (multipart.ts, multipartListing.ts):
// an upload of given parts, and the part list a client sends to complete it.
import type { ChecksumAlgorithm, ChecksumType, CompletedPartInput, ObjectStore, PartInfo } from '../../../src/storage/index.js';
import { MiB, bodyOf, metadata, never } from './harness.js';

/** The smallest size S3 allows for a part that is not the last. */
export const PART = 5 * MiB;

export type Uploader = (
  bucket: string,
  key: string,
  parts: Buffer[],
  checksum?: { algorithm: ChecksumAlgorithm; type?: ChecksumType },
) => Promise<{ uploadId: string; infos: PartInfo[] }>;

/** Creates an upload and sends its parts at once; the store is read per call, since a suite makes it in before(). */
export function uploaderFor(currentStore: () => ObjectStore): Uploader {
  return async (bucket, key, parts, checksum) => {
    const store = currentStore();
    const created = await store.createMultipartUpload(
      {
        bucket,
        key,
        metadata: metadata({ kind: 'mp' }),
        ...(checksum !== undefined
          ? { checksumAlgorithm: checksum.algorithm, ...(checksum.type !== undefined ? { checksumType: checksum.type } : {}) }
          : {}),
      },
      never,
    );
    const infos = await Promise.all(
      parts.map((bytes, i) =>
        store.uploadPart(
          {
            bucket,
            key,
            uploadId: created.uploadId,
            partNumber: i + 1,
            ...bodyOf(bytes, checksum !== undefined ? { checksumAlgorithm: checksum.algorithm } : {}),
          },
          never,
        ),
      ),
    );
    return { uploadId: created.uploadId, infos };
  };
}

/** The part list a client sends to complete: each part's number and quoted ETag. */
export const listed = (infos: PartInfo[]): CompletedPartInput[] => infos.map((p) => ({ partNumber: p.partNumber, etag: `"${p.etag}"` }));
