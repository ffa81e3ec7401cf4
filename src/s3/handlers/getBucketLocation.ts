import { bucketOf, type RequestContext } from '../context.js';
import { sendXml } from '../http/respond.js';
import { escapeXml } from '../xml/index.js';

export async function getBucketLocation(ctx: RequestContext): Promise<void> {
  const info = await ctx.store.headBucket(bucketOf(ctx), ctx.signal);
  // AWS answers an empty LocationConstraint for us-east-1.
  const region = info.region === 'us-east-1' ? '' : escapeXml(info.region);
  sendXml(
    ctx.res,
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${region}</LocationConstraint>`,
  );
}
