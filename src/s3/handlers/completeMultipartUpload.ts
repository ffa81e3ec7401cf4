import type { CompletedPartInput, CompleteMultipartUploadInput } from '../../storage/index.js';
import { bucketOf, header, keyOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { quoteETag } from '../http/objectHeaders.js';
import { MAX_INT32, parseDigits } from '../../util/integers.js';
import { readSmallBody } from '../http/requestBody.js';
import { expirationHeaders } from '../http/expiration.js';
import { versionIdHeader } from '../http/writeAttributes.js';
import { asObject, children, parseXml, tag, text, xmlDocument } from '../xml/index.js';
import { writeConditions } from './writeConditions.js';

/** 10,000 parts with ETags and checksums. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function completeMultipartUpload(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const key = keyOf(ctx);
  const uploadId = ctx.endpoint.query.get('uploadId') ?? '';
  const conditions = writeConditions(ctx);
  const body = await readSmallBody(ctx, MAX_BODY_BYTES);
  const { root, content } = parseXml(body);
  if (root !== 'CompleteMultipartUpload') throw new S3Error('MalformedXML');
  const parts: CompletedPartInput[] = children(content, 'Part').map((node) => {
    const part = asObject(node);
    const numberText = text(part, 'PartNumber');
    const etag = text(part, 'ETag');
    if (numberText === undefined || etag === undefined) throw new S3Error('MalformedXML', 'Each Part needs a PartNumber and an ETag.');
    // Plain digits only: '1.0', '0x1', ' 1 ', '+1' or '1e0' must not complete part 1.
    const partNumber = parseDigits(numberText, MAX_INT32);
    if (partNumber === undefined)
      throw new S3Error('MalformedXML', `PartNumber must be a whole number written in digits, not '${numberText.slice(0, 20)}'.`);
    if (partNumber < 1 || partNumber > 10000)
      throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive.');
    const completed: CompletedPartInput = { partNumber, etag: etag.trim().replace(/^"|"$/g, '') };
    for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']) {
      const value = text(part, `Checksum${alg}`);
      if (value !== undefined && value !== '') completed.checksumValue = value;
    }
    return completed;
  });
  if (parts.length === 0) throw new S3Error('MalformedXML', 'You must specify at least one part.');

  const input: CompleteMultipartUploadInput = { bucket, key, uploadId, parts };
  if (conditions !== undefined) input.conditions = conditions;
  for (const name of ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256']) {
    const value = header(ctx, `x-amz-checksum-${name}`);
    if (value !== undefined) input.expectedChecksum = value;
  }
  const result = await ctx.store.completeMultipartUpload(input, ctx.signal);
  let xml = tag('Location', `/${bucket}/${key}`) + tag('Bucket', bucket) + tag('Key', key) + tag('ETag', quoteETag(result.etag));
  if (result.checksum !== undefined)
    xml += tag(`Checksum${result.checksum.algorithm}`, result.checksum.value) + tag('ChecksumType', result.checksum.type);
  const doc = Buffer.from(xmlDocument('CompleteMultipartUploadResult', xml), 'utf8');
  const expiration = await expirationHeaders(ctx, bucket, () =>
    ctx.store.headObject(result.versionId === undefined ? { bucket, key } : { bucket, key, versionId: result.versionId }, ctx.signal),
  );
  ctx.res.writeHead(200, {
    'Content-Type': 'application/xml',
    'Content-Length': String(doc.length),
    ...versionIdHeader(result.versionId),
    ...expiration,
  });
  ctx.res.end(doc);
}
