// Actions a request needs beyond its operation's own, because of headers it
// carries. From the "Permissions" notes of AWS's API reference: an ACL or
// tags set at write time need the Acl/Tagging action too, object-lock headers
// the retention/legal-hold ones, a governance bypass s3:BypassGovernanceRetention,
// and a bucket created with object lock the lock and versioning actions.
import type { OperationName } from '../router/index.js';

/** Reads a request header by lower-case name. */
export type HeaderLookup = (name: string) => string | undefined;

const ACL_HEADERS = [
  'x-amz-acl',
  'x-amz-grant-full-control',
  'x-amz-grant-read',
  'x-amz-grant-read-acp',
  'x-amz-grant-write',
  'x-amz-grant-write-acp',
];

const has = (headers: HeaderLookup, name: string): boolean => headers(name) !== undefined;
const isTrue = (headers: HeaderLookup, name: string): boolean => headers(name)?.trim().toLowerCase() === 'true';

/** Extra object-level actions (on the same object ARN as the operation's own). */
export function objectExtras(operation: OperationName, headers: HeaderLookup): string[] {
  const extra: string[] = [];
  switch (operation) {
    case 'PutObject':
    case 'CopyObject':
    case 'CreateMultipartUpload':
      if (ACL_HEADERS.some((h) => has(headers, h))) extra.push('s3:PutObjectAcl');
      // CopyObject copies the source's tags unless told to replace them; only new tags need the action here.
      if (has(headers, 'x-amz-tagging') && (operation !== 'CopyObject' || headers('x-amz-tagging-directive')?.toUpperCase() === 'REPLACE'))
        extra.push('s3:PutObjectTagging');
      if (has(headers, 'x-amz-object-lock-mode') || has(headers, 'x-amz-object-lock-retain-until-date'))
        extra.push('s3:PutObjectRetention');
      if (has(headers, 'x-amz-object-lock-legal-hold')) extra.push('s3:PutObjectLegalHold');
      break;
    case 'DeleteObject':
    case 'DeleteObjects':
    case 'PutObjectRetention':
      if (isTrue(headers, 'x-amz-bypass-governance-retention')) extra.push('s3:BypassGovernanceRetention');
      break;
    default:
      break;
  }
  return extra;
}

/** Extra bucket-level actions (on the bucket ARN). */
export function bucketExtras(operation: OperationName, headers: HeaderLookup): string[] {
  if (operation !== 'CreateBucket') return [];
  const extra: string[] = [];
  if (ACL_HEADERS.some((h) => has(headers, h))) extra.push('s3:PutBucketAcl');
  if (isTrue(headers, 'x-amz-bucket-object-lock-enabled')) extra.push('s3:PutBucketObjectLockConfiguration', 's3:PutBucketVersioning');
  if (has(headers, 'x-amz-object-ownership')) extra.push('s3:PutBucketOwnershipControls');
  return extra;
}
