// Request headers that ask for features Lode does not have yet. Silently
// ignoring them would store data without the protection the client asked for
// (encryption, a lock), so S3's NotImplemented is the honest answer.
import { header, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';

const FEATURE_HEADERS: ReadonlyArray<[string, string]> = [
  ['x-amz-server-side-encryption', 'server-side encryption'],
  ['x-amz-server-side-encryption-customer-algorithm', 'server-side encryption with customer keys'],
  ['x-amz-website-redirect-location', 'website redirects'],
];

export function rejectUnsupportedObjectHeaders(ctx: RequestContext): void {
  for (const [name, feature] of FEATURE_HEADERS) {
    const value = header(ctx, name);
    if (value === undefined || value === '') continue;
    throw new S3Error('NotImplemented', `The ${name} header asks for ${feature}, which is not available on this server yet.`, {
      Header: name,
    });
  }
}
