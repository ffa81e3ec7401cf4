import type { RequestContext } from '../context.js';
import { S3Error } from '../errors.js';
import { sendXml } from '../http/respond.js';
import { intParam } from '../http/validate.js';
import { tag, xmlDocument } from '../xml/index.js';
import { commonPrefixesXml, listingQuery, listObjectsPage, objectEntry } from './listing.js';

// Continuation tokens are opaque to clients: base64url of the last key or
// prefix returned, with a version tag so the format can change later.
const TOKEN_PREFIX = '1:';

function encodeContinuationToken(startAfter: string): string {
  return Buffer.from(TOKEN_PREFIX + startAfter, 'utf8').toString('base64url');
}

function decodeContinuationToken(token: string): string {
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  if (!decoded.startsWith(TOKEN_PREFIX) || Buffer.from(decoded, 'utf8').toString('base64url') !== token.replace(/=+$/, '')) {
    throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
      ArgumentName: 'continuation-token',
      ArgumentValue: token,
    });
  }
  return decoded.slice(TOKEN_PREFIX.length);
}

export async function listObjectsV2(ctx: RequestContext): Promise<void> {
  const { query: q, bucket, encoding, prefix, delimiter, scope } = listingQuery(ctx);
  const maxKeys = intParam(q, 'max-keys', 0, 1000, 1000);
  // An empty token is no token (clients send continuation-token= on the first page).
  const token = q.get('continuation-token') || null;
  const startAfter = q.get('start-after');
  const fetchOwner = q.get('fetch-owner') === 'true';

  // The token wins over StartAfter when both are given.
  const after = token !== null ? decodeContinuationToken(token) : startAfter;
  const result = await listObjectsPage(ctx, maxKeys, {
    bucket,
    ...scope,
    ...(after !== null && after !== '' ? { startAfter: after } : {}),
  });

  let xml = tag('Name', bucket) + tag('Prefix', encoding.encode(prefix));
  if (delimiter !== undefined) xml += tag('Delimiter', encoding.encode(delimiter));
  xml += tag('MaxKeys', maxKeys) + tag('KeyCount', result.objects.length + result.commonPrefixes.length);
  if (encoding.url) xml += tag('EncodingType', 'url');
  xml += tag('IsTruncated', result.isTruncated);
  if (token !== null) xml += tag('ContinuationToken', token);
  if (result.isTruncated && result.nextStartAfter !== undefined)
    xml += tag('NextContinuationToken', encodeContinuationToken(result.nextStartAfter));
  if (startAfter !== null && startAfter !== '') xml += tag('StartAfter', encoding.encode(startAfter));
  for (const info of result.objects) xml += objectEntry(ctx, info, encoding, fetchOwner);
  xml += commonPrefixesXml(result.commonPrefixes, encoding);
  sendXml(ctx.res, 200, xmlDocument('ListBucketResult', xml));
}
