import type { ByteRange, GetObjectInput, ObjectInfo } from '../../storage/index.js';
import { bucketOf, header, keyOf, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { checkReadConditions, parsePartNumber, partRange, resolveRange } from '../http/conditions.js';
import { readAnswerHeaders } from '../http/expiration.js';
import { objectResponseHeaders } from '../http/objectHeaders.js';
import { sendBody } from '../http/sendBody.js';

/** Works out status, headers and byte range for GET and HEAD alike. */
export function planRead(
  ctx: RequestContext,
  info: ObjectInfo,
): { status: number; range: ByteRange | null; headers: Record<string, string> } {
  checkReadConditions(ctx, info);
  const q = ctx.endpoint.query;
  const partNumber = parsePartNumber(q.get('partNumber'));
  const rangeHeader = header(ctx, 'range');
  const headers = objectResponseHeaders(info, q, header(ctx, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED');
  let range: ByteRange | null;
  if (partNumber !== undefined) {
    if (rangeHeader !== undefined) throw new S3Error('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter.');
    const part = partRange(info, partNumber);
    if (part.partsCount !== undefined) headers['x-amz-mp-parts-count'] = String(part.partsCount);
    range = info.sizeBytes === 0 ? null : part.range;
    // A part's own checksum is not the object's: S3 omits the object checksum here.
    if (part.partsCount !== undefined) {
      for (const name of Object.keys(headers)) if (name.startsWith('x-amz-checksum-')) delete headers[name];
    }
  } else {
    range = resolveRange(rangeHeader, info.sizeBytes);
  }
  if (range === null) {
    headers['Content-Length'] = String(info.sizeBytes);
    return { status: partNumber !== undefined && info.sizeBytes > 0 ? 206 : 200, range, headers };
  }
  // The stored checksum covers the whole object; S3 leaves it out of partial answers.
  if (partNumber === undefined) for (const name of Object.keys(headers)) if (name.startsWith('x-amz-checksum-')) delete headers[name];
  headers['Content-Length'] = String(range.end - range.start + 1);
  headers['Content-Range'] = `bytes ${range.start}-${range.end}/${info.sizeBytes}`;
  return { status: 206, range, headers };
}

export async function getObject(ctx: RequestContext): Promise<void> {
  const input: GetObjectInput = { bucket: bucketOf(ctx), key: keyOf(ctx) };
  let plan: ReturnType<typeof planRead> | undefined;
  input.selectRange = (info) => {
    plan = planRead(ctx, info);
    return plan.range;
  };
  const versionId = ctx.endpoint.query.get('versionId');
  if (versionId !== null) input.versionId = versionId;
  const result = await ctx.store.getObject(input, ctx.signal);
  if (plan === undefined) plan = planRead(ctx, result.info);
  Object.assign(plan.headers, await readAnswerHeaders(ctx, input.bucket, result.info, versionId !== null));
  ctx.res.writeHead(plan.status, plan.headers);
  if (result.bytes !== undefined) {
    // Small objects: one write, no stream plumbing (pipeline() allocates an
    // AbortController and a DOMException per call: ~5% of a 4 KiB GET).
    result.body.destroy();
    ctx.res.end(result.bytes);
    return;
  }
  await sendBody(result.body, ctx.res, ctx.signal);
}
