// Trailing checksum headers of aws-chunked bodies: which names are valid and
// which checksum each one carries.
import type { ChecksumAlgorithmName } from '../../util/checksum.js';
import { S3Error } from '../errors.js';

const TRAILER_ALGORITHMS: Readonly<Record<string, ChecksumAlgorithmName>> = {
  'x-amz-checksum-crc32': 'CRC32',
  'x-amz-checksum-crc32c': 'CRC32C',
  'x-amz-checksum-crc64nvme': 'CRC64NVME',
  'x-amz-checksum-sha1': 'SHA1',
  'x-amz-checksum-sha256': 'SHA256',
};

export function trailerAlgorithm(headerName: string): ChecksumAlgorithmName | undefined {
  return Object.hasOwn(TRAILER_ALGORITHMS, headerName) ? TRAILER_ALGORITHMS[headerName] : undefined;
}

export interface DeclaredTrailer {
  header: string;
  algorithm: ChecksumAlgorithmName;
}

/** Reads x-amz-trailer: one checksum header name (S3 takes a single checksum). */
export function parseDeclaredTrailer(value: string | undefined): DeclaredTrailer | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const names = value
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  if (names.length > 1) {
    throw new S3Error('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  const header = names[0] ?? '';
  const algorithm = trailerAlgorithm(header);
  if (algorithm === undefined) {
    throw new S3Error(
      'InvalidRequest',
      `The value specified in the x-amz-trailer header is not supported: "${value}". ` +
        `Use one of ${Object.keys(TRAILER_ALGORITHMS).join(', ')}.`,
    );
  }
  return { header, algorithm };
}
