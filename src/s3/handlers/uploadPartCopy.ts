import type { UploadPartInput } from '../../storage/index.js';
import type { RequestContext } from '../context.js';
import { quoteETag } from '../http/objectHeaders.js';
import { sendXml } from '../http/respond.js';
import { isoTime, tag, xmlDocument } from '../xml/index.js';
import { openCopySource } from './copySource.js';
import { uploadTarget } from './uploadPart.js';

export async function uploadPartCopy(ctx: RequestContext): Promise<void> {
  const target = uploadTarget(ctx);
  const upload = await ctx.store.listParts({ bucket: target.bucket, key: target.key, uploadId: target.uploadId, maxParts: 1 }, ctx.signal);
  const algorithm = upload.upload.checksumAlgorithm;
  const opened = await openCopySource(ctx, { allowRange: true, ...(algorithm !== undefined ? { checksumAlgorithm: algorithm } : {}) });
  const input: UploadPartInput = { ...target, body: opened.body, digests: () => opened.body.result(), sizeBytes: opened.sizeBytes };
  let part;
  try {
    part = await ctx.store.uploadPart(input, ctx.signal);
  } finally {
    opened.result.body.destroy();
  }
  let xml = tag('ETag', quoteETag(part.etag)) + tag('LastModified', isoTime(part.lastModified));
  if (part.checksum !== undefined) xml += tag(`Checksum${part.checksum.algorithm}`, part.checksum.value);
  const headers: Record<string, string> = {};
  if (opened.result.info.versionId !== 'null') headers['x-amz-copy-source-version-id'] = opened.result.info.versionId;
  sendXml(ctx.res, 200, xmlDocument('CopyPartResult', xml), headers);
}
