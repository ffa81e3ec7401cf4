// PutBucketTagging: replaces the bucket's tag set. An empty TagSet leaves the
// bucket without tags (GetBucketTagging then answers NoSuchTagSet).
// AWS's sample answer is 204 No Content (its Response Syntax says 200; the
// SDKs accept either).
import { bucketOf, type RequestContext } from '../context.js';
import { readSmallBody } from '../http/requestBody.js';
import { sendEmpty } from '../http/respond.js';
import { MAX_BUCKET_TAGS, validateTags } from '../http/tags.js';
import { parseTagging } from '../xml/tagging.js';

/** 50 tags of 128 + 256 characters, each up to 4 UTF-8 bytes, plus markup. */
const MAX_BODY_BYTES = 256 * 1024;

export async function putBucketTagging(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const body = await readSmallBody(ctx, MAX_BODY_BYTES);
  const tags = parseTagging(body);
  validateTags(tags, MAX_BUCKET_TAGS);
  await ctx.store.updateBucketConfig(bucket, { tags: tags.length === 0 ? null : tags }, ctx.signal);
  sendEmpty(ctx.res, 204);
}
