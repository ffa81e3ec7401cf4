import { bucketOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { bypassGovernance } from '../http/objectLockHeaders.js';
import { toS3Error } from '../http/toS3Error.js';
import { readSmallBody, requireIntegrityHeader } from '../http/requestBody.js';
import { sendXml } from '../http/respond.js';
import { asObject, children, parseXml, tag, text, wrap, xmlDocument } from '../xml/index.js';

const MAX_KEYS = 1000;
/** Deletes run this many at a time: enough to overlap index commits, bounded so one request cannot hog the store. */
const CONCURRENCY = 16;
/** 1000 keys of 1024 bytes plus markup. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

interface Target {
  key: string;
  versionId?: string;
}

export async function deleteObjects(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  requireIntegrityHeader(ctx);
  const body = await readSmallBody(ctx, MAX_BODY_BYTES);
  const { root, content } = parseXml(body);
  if (root !== 'Delete') throw new S3Error('MalformedXML');
  const quiet = text(content, 'Quiet')?.trim().toLowerCase() === 'true';
  const targets: Target[] = children(content, 'Object').map((node) => {
    const obj = asObject(node);
    const key = text(obj, 'Key');
    if (key === undefined || key === '') throw new S3Error('MalformedXML', 'Each Object must name a Key.');
    const versionId = text(obj, 'VersionId');
    return versionId === undefined ? { key } : { key, versionId };
  });
  if (targets.length === 0 || targets.length > MAX_KEYS)
    throw new S3Error('MalformedXML', `The request must name between 1 and ${MAX_KEYS} objects.`);
  await ctx.store.headBucket(bucket, ctx.signal);
  const bypass = bypassGovernance(ctx);

  const results: string[] = new Array<string>(targets.length).fill('');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index]!;
      try {
        if (Buffer.byteLength(target.key) > 1024) throw new S3Error('KeyTooLongError');
        const result = await ctx.store.deleteObject(
          {
            bucket,
            key: target.key,
            ...(target.versionId !== undefined ? { versionId: target.versionId } : {}),
            ...(bypass ? { bypassGovernance: true } : {}),
          },
          ctx.signal,
        );
        if (quiet) continue;
        // S3: naming a version echoes it; a delete marker made or removed is reported as such.
        let xml = tag('Key', target.key) + tag('VersionId', target.versionId);
        if (result.deleteMarker === true) xml += tag('DeleteMarker', true) + tag('DeleteMarkerVersionId', result.versionId);
        results[index] = wrap('Deleted', xml);
      } catch (err) {
        const e = toS3Error(err, ctx.req);
        if (e.status >= 500) ctx.log.error('delete failed', { requestId: ctx.requestId, key: target.key, error: String(err) });
        results[index] = wrap(
          'Error',
          tag('Key', target.key) + tag('VersionId', target.versionId) + tag('Code', e.code) + tag('Message', e.message),
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, targets.length) }, worker));
  sendXml(ctx.res, 200, xmlDocument('DeleteResult', results.join('')));
}
