// Request headers that ask for features Lode does not have yet. Silently
// ignoring them would store data without the protection the client asked for
// (encryption, a lock), so S3's NotImplemented is the honest answer.
import { header, type RequestContext } from '../context.js';
import { S3Error } from '../errors.js';

const FEATURE_HEADERS: ReadonlyArray<[string, string]> = [
  ['x-amz-server-side-encryption', 'server-side encryption'],
  ['x-amz-server-side-encryption-customer-algorithm', 'server-side encryption with customer keys'],
  ['x-amz-object-lock-mode', 'object lock'],
  ['x-amz-object-lock-retain-until-date', 'object lock'],
  ['x-amz-object-lock-legal-hold', 'object lock legal hold'],
  ['x-amz-tagging', 'object tagging'],
  ['x-amz-website-redirect-location', 'website redirects'],
];

export function rejectUnsupportedObjectHeaders(ctx: RequestContext): void {
  for (const [name, feature] of FEATURE_HEADERS) {
    const value = header(ctx, name);
    if (value === undefined || value === '') continue;
    // The legal hold header "OFF" and an empty tag set ask for nothing.
    if (name === 'x-amz-object-lock-legal-hold' && value.toUpperCase() === 'OFF') continue;
    throw new S3Error('NotImplemented', `The ${name} header asks for ${feature}, which is not available on this server yet.`, { Header: name });
  }
}
