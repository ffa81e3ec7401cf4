// PutObjectTagging: replaces one version's tag set (?tagging, ?versionId=).
// An empty TagSet removes the tags, as S3 documents.
import type { UpdateObjectInput } from '../../storage/index.js';
import { bucketOf, keyOf, type RequestContext } from '../context.js';
import { readSmallBody } from '../http/requestBody.js';
import { sendEmpty } from '../http/respond.js';
import { MAX_OBJECT_TAGS, validateTags } from '../http/tags.js';
import { parseTagging } from '../xml/tagging.js';

/** 10 tags of 128 + 256 characters, each up to 4 UTF-8 bytes, plus markup. */
const MAX_BODY_BYTES = 64 * 1024;

export async function putObjectTagging(ctx: RequestContext): Promise<void> {
  const bucket = bucketOf(ctx);
  const key = keyOf(ctx);
  const body = await readSmallBody(ctx, MAX_BODY_BYTES);
  const tags = parseTagging(body);
  validateTags(tags, MAX_OBJECT_TAGS);
  const input: UpdateObjectInput = { bucket, key, tags: tags.length === 0 ? null : tags };
  const versionId = ctx.endpoint.query.get('versionId');
  if (versionId !== null) input.versionId = versionId;
  const info = await ctx.store.updateObject(input, ctx.signal);
  sendEmpty(ctx.res, 200, versionHeader(info.versionId, versionId));
}

/** x-amz-version-id of the version touched: S3 names it for versioned objects, and echoes a version the request named. */
export function versionHeader(versionId: string, requested: string | null): Record<string, string> {
  return versionId !== 'null' || requested !== null ? { 'x-amz-version-id': versionId } : {};
}
