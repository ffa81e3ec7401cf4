// The request body as the store consumes it: aws-chunked framing removed,
// and every declared digest (Content-MD5, x-amz-content-sha256,
// x-amz-checksum-* header or trailer) checked in one hashing pass.
import { finished } from 'node:stream';
import { decodePayload } from '../auth/index.js';
import { CHECKSUM_BYTES, isChecksumAlgorithm, type ChecksumAlgorithmName } from '../../util/checksum.js';
import { DigestStream, type DigestResult, type DigestStreamOptions } from '../../util/digestStream.js';
import { header, type RequestContext } from '../context.js';
import { ignoreLateErrors } from '../../util/lateErrors.js';
import { S3Error } from '../errors.js';

export interface RequestBody {
  body: DigestStream;
  digests: () => DigestResult;
  /** The decoded length the client declared. */
  sizeBytes: number;
  checksumAlgorithm?: ChecksumAlgorithmName;
}

export interface BodyOptions {
  maxSizeBytes: number;
  /** Checksum algorithm to compute even when the client sent no value (e.g. from CreateMultipartUpload). */
  defaultChecksumAlgorithm?: ChecksumAlgorithmName;
}

export function declaredLength(ctx: RequestContext): number {
  if (ctx.auth.payload.kind === 'streaming') {
    const decoded = ctx.auth.decodedContentLength;
    if (decoded === undefined)
      throw new S3Error('MissingContentLength', 'aws-chunked uploads need the x-amz-decoded-content-length header.');
    return decoded;
  }
  const raw = header(ctx, 'content-length');
  if (raw === undefined) {
    if (header(ctx, 'transfer-encoding') !== undefined) throw new S3Error('MissingContentLength');
    return 0;
  }
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new S3Error('InvalidArgument', 'Content-Length must be a non-negative integer.');
  return n;
}

export function requestBody(ctx: RequestContext, options: BodyOptions): RequestBody {
  const sizeBytes = declaredLength(ctx);
  if (sizeBytes > options.maxSizeBytes) {
    throw new S3Error(
      'EntityTooLarge',
      `Your proposed upload of ${sizeBytes} bytes exceeds the maximum allowed size of ${options.maxSizeBytes} bytes.`,
      { ProposedSize: String(sizeBytes), MaxSizeAllowed: String(options.maxSizeBytes) },
    );
  }
  const digestOptions: DigestStreamOptions = { expectedSizeBytes: sizeBytes, maxSizeBytes: options.maxSizeBytes };
  const md5 = header(ctx, 'content-md5');
  if (md5 !== undefined) {
    const bytes = Buffer.from(md5, 'base64');
    if (bytes.length !== 16 || bytes.toString('base64') !== md5.trim())
      throw new S3Error('InvalidDigest', 'The Content-MD5 you specified is not a valid base64 MD5.');
    digestOptions.expectedMd5 = bytes;
  }
  if (ctx.auth.payload.kind === 'sha256') digestOptions.expectedSha256Hex = ctx.auth.payload.expectedHex;

  const declared = declaredChecksum(ctx);
  const algorithm = declared?.algorithm ?? options.defaultChecksumAlgorithm;
  if (algorithm !== undefined) digestOptions.checksumAlgorithm = algorithm;

  ctx.continueBody();
  const decoded = decodePayload(ctx.req, ctx.auth);
  if (declared?.value !== undefined) {
    const value = declared.value;
    digestOptions.expectedChecksum = () => value;
  } else if (declared?.fromTrailer === true) {
    digestOptions.expectedChecksum = () => {
      const trailer = decoded.trailingChecksum();
      if (trailer === undefined)
        throw new S3Error(
          'InvalidRequest',
          `The trailer x-amz-checksum-${declared.algorithm.toLowerCase()} declared in x-amz-trailer was not sent.`,
        );
      return trailer.value;
    };
  }
  const digest = new DigestStream(digestOptions);
  // The handler may give up before anything reads the body (NoSuchBucket, a
  // failed If-Match, a refused object-lock header) and the body can still
  // fail afterwards: a digest mismatch at its end, or the client hanging up.
  // With no listener that late 'error' is uncaught and kills the worker. A
  // consumer still sees the error: pipeline() and for-await check `errored`.
  ignoreLateErrors(digest);
  // Errors anywhere (client gone, bad chunk signature) destroy `digest` with
  // that error, which is how the store learns of them. pipe() + finished()
  // rather than pipeline(): pipeline allocates an AbortController and, when
  // it ends, a DOMException: several % of a 4 KiB PUT.
  decoded.body.pipe(digest);
  finished(decoded.body, { writable: false }, (err) => {
    if (err !== undefined && err !== null) digest.destroy(err);
  });
  const result: RequestBody = { body: digest, digests: () => digest.result(), sizeBytes };
  if (algorithm !== undefined) result.checksumAlgorithm = algorithm;
  return result;
}

interface DeclaredChecksum {
  algorithm: ChecksumAlgorithmName;
  value?: string;
  fromTrailer?: boolean;
}

/** The checksum the client declared: one x-amz-checksum-* header, a trailer named in x-amz-trailer, or just an algorithm. */
function declaredChecksum(ctx: RequestContext): DeclaredChecksum | undefined {
  const found: DeclaredChecksum[] = [];
  for (const name of ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256']) {
    const value = header(ctx, `x-amz-checksum-${name}`);
    if (value === undefined) continue;
    const algorithm = name.toUpperCase() as ChecksumAlgorithmName;
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length !== CHECKSUM_BYTES[algorithm] || bytes.toString('base64') !== value.trim()) {
      throw new S3Error('InvalidRequest', `Value for x-amz-checksum-${name} header is invalid.`);
    }
    found.push({ algorithm, value: value.trim() });
  }
  if (found.length > 1)
    throw new S3Error('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  const trailer = header(ctx, 'x-amz-trailer')?.trim().toLowerCase();
  if (trailer !== undefined && trailer !== '') {
    const match = /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/.exec(trailer);
    if (match === null) throw new S3Error('InvalidRequest', `The trailer ${trailer} is not a supported checksum header.`);
    if (found.length > 0)
      throw new S3Error('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
    return { algorithm: match[1]!.toUpperCase() as ChecksumAlgorithmName, fromTrailer: true };
  }
  if (found.length === 1) {
    const single = found[0]!;
    const named = algorithmHeader(ctx);
    if (named !== undefined && named !== single.algorithm) {
      throw new S3Error(
        'InvalidRequest',
        `Value for x-amz-sdk-checksum-algorithm header is invalid: it names ${named} but the checksum header is for ${single.algorithm}.`,
      );
    }
    return single;
  }
  const named = algorithmHeader(ctx);
  return named === undefined ? undefined : { algorithm: named };
}

function algorithmHeader(ctx: RequestContext): ChecksumAlgorithmName | undefined {
  const raw = header(ctx, 'x-amz-sdk-checksum-algorithm') ?? header(ctx, 'x-amz-checksum-algorithm');
  if (raw === undefined) return undefined;
  const upper = raw.trim().toUpperCase();
  if (!isChecksumAlgorithm(upper))
    throw new S3Error('InvalidRequest', `Checksum algorithm ${raw} is not supported: use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.`);
  return upper;
}

/**
 * DeleteObjects and PutBucketLifecycleConfiguration: S3 wants the body's
 * integrity declared, by Content-MD5 or an x-amz-checksum-* value (header,
 * or trailer named in x-amz-trailer); the value itself is checked as the
 * body is read (BadDigest when it does not match).
 */
export function requireIntegrityHeader(ctx: RequestContext): void {
  if (header(ctx, 'content-md5') !== undefined) return;
  const declared = declaredChecksum(ctx);
  if (declared?.value !== undefined || declared?.fromTrailer === true) return;
  throw new S3Error('InvalidRequest', 'Missing required header for this request: Content-MD5');
}

/** Reads a small request body (XML documents) whole, with the same digest checks. */
export async function readSmallBody(ctx: RequestContext, maxSizeBytes: number): Promise<Buffer> {
  const { body } = requestBody(ctx, { maxSizeBytes });
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
