import type { HeadObjectInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { readAnswerHeaders } from '../http/expiration.js';
import { planRead } from './getObject.js';

export async function headObject(ctx: RequestContext): Promise<void> {
  const input: HeadObjectInput = { bucket: bucketOf(ctx), key: keyOf(ctx) };
  const versionId = ctx.endpoint.query.get('versionId');
  if (versionId !== null) input.versionId = versionId;
  const info = await ctx.store.headObject(input, ctx.signal);
  const plan = planRead(ctx, info);
  Object.assign(plan.headers, await readAnswerHeaders(ctx, input.bucket, info, versionId !== null));
  ctx.res.writeHead(plan.status, plan.headers);
  ctx.res.end();
}
