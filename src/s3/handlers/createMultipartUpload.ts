import type { CreateMultipartUploadInput } from '../../storage/index.js';
import { isChecksumAlgorithm, isCrcAlgorithm } from '../../util/checksum.js';
import { bucketOf, header, keyOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { abortHeaders } from '../http/expiration.js';
import { metadataFromRequest } from '../http/objectHeaders.js';
import { sendXml } from '../http/respond.js';
import { storageClassOf, validateKey } from '../http/validate.js';
import { writeAttributes } from '../http/writeAttributes.js';
import { tag, xmlDocument } from '../xml/index.js';
import { checkCannedAcl } from './acl.js';
import { rejectUnsupportedObjectHeaders } from './unsupportedHeaders.js';

export async function createMultipartUpload(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const key = keyOf(ctx);
  validateKey(key);
  checkCannedAcl(ctx);
  rejectUnsupportedObjectHeaders(ctx);
  const input: CreateMultipartUploadInput = { bucket, key, metadata: metadataFromRequest(ctx), ...writeAttributes(ctx) };
  const storageClass = storageClassOf(ctx);
  if (storageClass !== undefined) input.storageClass = storageClass;
  const algorithm = header(ctx, 'x-amz-checksum-algorithm')?.toUpperCase();
  const type = header(ctx, 'x-amz-checksum-type')?.toUpperCase();
  if (algorithm !== undefined) {
    if (!isChecksumAlgorithm(algorithm)) throw new S3Error('InvalidRequest', `Checksum algorithm ${algorithm} is not supported.`);
    input.checksumAlgorithm = algorithm;
    if (type !== undefined && type !== 'COMPOSITE' && type !== 'FULL_OBJECT')
      throw new S3Error('InvalidRequest', `Value for x-amz-checksum-type header is invalid: ${type}.`);
    // AWS defaults: CRC64NVME only supports FULL_OBJECT; SHA only COMPOSITE; CRC32/CRC32C default to COMPOSITE.
    const chosen = type ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
    if (chosen === 'FULL_OBJECT' && !isCrcAlgorithm(algorithm))
      throw new S3Error('InvalidRequest', `The FULL_OBJECT checksum type cannot be used with the ${algorithm} checksum algorithm.`);
    if (chosen === 'COMPOSITE' && algorithm === 'CRC64NVME')
      throw new S3Error('InvalidRequest', 'The COMPOSITE checksum type cannot be used with the CRC64NVME checksum algorithm.');
    input.checksumType = chosen;
  } else if (type !== undefined) {
    throw new S3Error('InvalidRequest', 'The x-amz-checksum-type header requires x-amz-checksum-algorithm.');
  }
  const upload = await ctx.store.createMultipartUpload(input, ctx.signal);
  const headers: Record<string, string> = await abortHeaders(ctx, bucket, key, upload.initiatedAt);
  if (upload.checksumAlgorithm !== undefined) headers['x-amz-checksum-algorithm'] = upload.checksumAlgorithm;
  if (upload.checksumType !== undefined) headers['x-amz-checksum-type'] = upload.checksumType;
  sendXml(
    ctx.res,
    200,
    xmlDocument('InitiateMultipartUploadResult', tag('Bucket', bucket) + tag('Key', key) + tag('UploadId', upload.uploadId)),
    headers,
  );
}
