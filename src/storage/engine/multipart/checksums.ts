// The ETag and checksum of a multipart object, from its parts' digests only
// (no byte is read again): md5-of-md5s "-N"; COMPOSITE = checksum of the part
// checksums "-N"; FULL_OBJECT = the parts' CRCs combined in order.
import { createHash } from 'node:crypto';
import type { Checksum } from '../../ObjectStore.js';
import { StoreError } from '../../StoreError.js';
import type { PartRecord, UploadRecord } from '../../meta/index.js';
import { combineCrc, compositeChecksum } from '../../../util/checksum.js';

export function multipartETag(parts: readonly PartRecord[]): string {
  const md5 = createHash('md5');
  for (const part of parts) md5.update(Buffer.from(part.etag, 'hex'));
  return `${md5.digest('hex')}-${parts.length}`;
}

export function multipartChecksum(
  upload: UploadRecord,
  parts: readonly PartRecord[],
  where: { bucket: string; key: string },
): Checksum | undefined {
  const algorithm = upload.checksumAlgorithm;
  if (algorithm === undefined) return undefined;
  const digests = parts.map((part) => {
    if (part.checksum?.algorithm !== algorithm) {
      throw new StoreError('InvalidPart', `Part ${part.partNumber} has no ${algorithm} checksum.`, { ...where, uploadId: upload.uploadId });
    }
    return Buffer.from(part.checksum.value, 'base64');
  });
  if (upload.checksumType === 'FULL_OBJECT') {
    let combined: Buffer = digests[0] ?? Buffer.alloc(0);
    for (let i = 1; i < digests.length; i++) {
      combined = combineCrc(algorithm, combined, digests[i] ?? Buffer.alloc(0), parts[i]?.sizeBytes ?? 0);
    }
    return { algorithm, value: combined.toString('base64'), type: 'FULL_OBJECT' };
  }
  return { algorithm, value: compositeChecksum(algorithm, digests), type: 'COMPOSITE' };
}

/** Whether the client's declared whole-object checksum names this one (the "-N" suffix of a composite is optional). */
export function checksumMatches(declared: string, actual: Checksum): boolean {
  const value = declared.trim();
  if (value === actual.value) return true;
  return actual.type === 'COMPOSITE' && value === actual.value.replace(/-\d+$/, '');
}
