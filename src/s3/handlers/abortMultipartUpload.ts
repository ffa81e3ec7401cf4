import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { sendEmpty } from '../http/respond.js';

export async function abortMultipartUpload(ctx: RequestContext): Promise<void> {
  await ctx.store.abortMultipartUpload(
    { bucket: bucketOf(ctx), key: keyOf(ctx), uploadId: ctx.endpoint.query.get('uploadId') ?? '' },
    ctx.signal,
  );
  sendEmpty(ctx.res, 204);
}
