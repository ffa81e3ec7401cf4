// The one lookup of an access key's secret, shared by every form of
// signature (SigV4 header and presigned, SigV2 header and query).
import { S3Error } from '../errors.js';
import type { SecretLookup } from './types.js';

/** The secret of accessKeyId; an unknown key is InvalidAccessKeyId, whichever form signed the request. */
export function secretFor(lookup: SecretLookup, accessKeyId: string): string {
  const secret = lookup(accessKeyId);
  if (secret === undefined) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: accessKeyId });
  return secret;
}
