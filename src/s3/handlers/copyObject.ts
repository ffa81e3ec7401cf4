import type { ObjectMetadata, PutObjectInput } from '../../storage/index.js';
import { isChecksumAlgorithm, type ChecksumAlgorithmName } from '../../util/checksum.js';
import { bucketOf, header, keyOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { expirationHeaders } from '../http/expiration.js';
import { metadataFromRequest, quoteETag } from '../http/objectHeaders.js';
import { sendXml } from '../http/respond.js';
import { storageClassOf, validateKey } from '../http/validate.js';
import { versionIdHeader, writeAttributes, type WriteAttributes } from '../http/writeAttributes.js';
import { isoTime, tag, xmlDocument } from '../xml/index.js';
import { checkCannedAcl } from './acl.js';
import { asCopySource, openCopySource, parseCopySource } from './copySource.js';
import { rejectUnsupportedObjectHeaders } from './unsupportedHeaders.js';
import { writeConditions } from './writeConditions.js';

function directive(ctx: RequestContext): 'COPY' | 'REPLACE' {
  const value = header(ctx, 'x-amz-metadata-directive') ?? 'COPY';
  if (value !== 'COPY' && value !== 'REPLACE')
    throw new S3Error('InvalidArgument', 'Unknown metadata directive.', { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: value });
  return value;
}

/** x-amz-tagging-directive: COPY keeps the source's tags (the default), REPLACE takes x-amz-tagging. */
function taggingDirective(ctx: RequestContext): 'COPY' | 'REPLACE' {
  const value = header(ctx, 'x-amz-tagging-directive') ?? 'COPY';
  if (value !== 'COPY' && value !== 'REPLACE')
    throw new S3Error('InvalidArgument', 'Unknown tagging directive.', { ArgumentName: 'x-amz-tagging-directive', ArgumentValue: value });
  return value;
}

function requestedChecksum(ctx: RequestContext): ChecksumAlgorithmName | undefined {
  const raw = header(ctx, 'x-amz-checksum-algorithm');
  if (raw === undefined) return undefined;
  const upper = raw.toUpperCase();
  if (!isChecksumAlgorithm(upper)) throw new S3Error('InvalidRequest', `Checksum algorithm ${raw} is not supported.`);
  return upper;
}

export async function copyObject(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const key = keyOf(ctx);
  validateKey(key);
  checkCannedAcl(ctx);
  rejectUnsupportedObjectHeaders(ctx);
  const mode = directive(ctx);
  const tagMode = taggingDirective(ctx);
  const attributes = writeAttributes(ctx, { tags: tagMode === 'REPLACE' });
  const storageClass = storageClassOf(ctx);
  const conditions = writeConditions(ctx);
  const replacement = mode === 'REPLACE' ? metadataFromRequest(ctx) : undefined;
  const source = parseCopySource(ctx);
  if (
    source.bucket === bucket &&
    source.key === key &&
    source.versionId === undefined &&
    mode === 'COPY' &&
    tagMode === 'COPY' &&
    storageClass === undefined &&
    requestedChecksum(ctx) === undefined
  ) {
    throw new S3Error(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  // A copy keeps the source's whole-object checksum algorithm unless the request names one.
  let algorithm = requestedChecksum(ctx);
  if (algorithm === undefined) {
    const head = await asCopySource(
      ctx.store.headObject(
        source.versionId === undefined ? source : { bucket: source.bucket, key: source.key, versionId: source.versionId },
        ctx.signal,
      ),
    );
    if (head.checksum?.type === 'FULL_OBJECT') algorithm = head.checksum.algorithm;
  }
  const opened = await openCopySource(ctx, { allowRange: false, ...(algorithm !== undefined ? { checksumAlgorithm: algorithm } : {}) });
  return copyWith(ctx, bucket, key, replacement, storageClass, conditions, opened, attributes, tagMode);
}

async function copyWith(
  ctx: RequestContext,
  bucket: string,
  key: string,
  replacement: ObjectMetadata | undefined,
  storageClass: string | undefined,
  conditions: ReturnType<typeof writeConditions>,
  opened: Awaited<ReturnType<typeof openCopySource>>,
  attributes: WriteAttributes,
  tagMode: 'COPY' | 'REPLACE',
): Promise<void> {
  const info = opened.result.info;
  const input: PutObjectInput = {
    bucket,
    key,
    body: opened.body,
    digests: () => opened.body.result(),
    sizeBytes: opened.sizeBytes,
    metadata: replacement ?? info.metadata,
    ...attributes,
  };
  // Tags follow the source unless replaced; object lock settings never do (as S3).
  if (tagMode === 'COPY' && info.tags !== undefined) input.tags = info.tags;
  const cls = storageClass ?? info.storageClass;
  if (cls !== 'STANDARD') input.storageClass = cls;
  if (conditions !== undefined) input.conditions = conditions;
  let result;
  try {
    result = await ctx.store.putObject(input, ctx.signal);
  } finally {
    opened.result.body.destroy();
  }
  let xml = tag('LastModified', isoTime(result.lastModified)) + tag('ETag', quoteETag(result.etag));
  if (result.checksum !== undefined)
    xml += tag('ChecksumType', result.checksum.type) + tag(`Checksum${result.checksum.algorithm}`, result.checksum.value);
  const headers: Record<string, string> = versionIdHeader(result.versionId);
  Object.assign(
    headers,
    await expirationHeaders(ctx, bucket, {
      key,
      sizeBytes: info.sizeBytes,
      lastModified: result.lastModified,
      ...(input.tags !== undefined ? { tags: input.tags } : {}),
    }),
  );
  if (info.versionId !== 'null') headers['x-amz-copy-source-version-id'] = info.versionId;
  sendXml(ctx.res, 200, xmlDocument('CopyObjectResult', xml), headers);
}
