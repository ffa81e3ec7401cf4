// Endpoint (+ copy source) → the (action, resource) pairs a request must be
// allowed. Pure: the router has named the operation, the policy engine
// decides each pair; this only translates between them.
import { S3Error } from '../errors.js';
import type { Endpoint } from '../router/index.js';
import { ALL_RESOURCES, bucketArn, objectArn } from './arn.js';
import { RULES } from './rules.js';

export interface Check {
  readonly action: string;
  readonly resource: string;
}

/** The source of CopyObject / UploadPartCopy, as parsed from x-amz-copy-source (decoded). */
export interface CopySourceRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

/** Every check must allow. */
export interface RequestChecks {
  readonly kind: 'request';
  readonly checks: readonly Check[];
}

/**
 * Nothing to check for the request as a whole (DeleteObjects): the handler
 * calls forKey for each key in the body and answers AccessDenied per key.
 */
export interface PerKeyChecks {
  readonly kind: 'perKey';
  readonly checks: readonly [];
  readonly forKey: (key: string, versionId?: string) => Check;
}

/** The operation is answered NotImplemented; there is no action to check. */
export interface NotAuthorizable {
  readonly kind: 'notAuthorizable';
  readonly checks: readonly [];
}

export type Authorization = RequestChecks | PerKeyChecks | NotAuthorizable;

export interface AuthorizationInput {
  readonly endpoint: Endpoint;
  /** Required for CopyObject and UploadPartCopy. */
  readonly copySource?: CopySourceRef;
}

const NOT_AUTHORIZABLE: NotAuthorizable = { kind: 'notAuthorizable', checks: [] };

export function requiredChecks(input: AuthorizationInput): Authorization {
  const { endpoint } = input;
  const rule = RULES[endpoint.operation];
  // A versionId parameter, even "null", selects the version-specific action (as AWS does).
  const versioned = endpoint.query.has('versionId');
  switch (rule.scope) {
    case 'service':
      return { kind: 'request', checks: [{ action: rule.action, resource: ALL_RESOURCES }] };
    case 'bucket':
      return { kind: 'request', checks: [{ action: rule.action, resource: bucketArn(need(endpoint.bucket, endpoint)) }] };
    case 'object':
      return {
        kind: 'request',
        checks: [
          {
            action: versioned ? rule.versioned : rule.action,
            resource: objectArn(need(endpoint.bucket, endpoint), need(endpoint.key, endpoint)),
          },
        ],
      };
    case 'copy': {
      const source = input.copySource;
      if (source === undefined)
        throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', {
          ArgumentName: 'x-amz-copy-source',
        });
      return {
        kind: 'request',
        checks: [
          { action: rule.action, resource: objectArn(need(endpoint.bucket, endpoint), need(endpoint.key, endpoint)) },
          { action: source.versionId === undefined ? rule.source : rule.sourceVersioned, resource: objectArn(source.bucket, source.key) },
        ],
      };
    }
    case 'perKey': {
      const bucket = need(endpoint.bucket, endpoint);
      return {
        kind: 'perKey',
        checks: [],
        forKey: (key, versionId) => ({ action: versionId === undefined ? rule.action : rule.versioned, resource: objectArn(bucket, key) }),
      };
    }
    case 'notAuthorizable':
      return NOT_AUTHORIZABLE;
  }
}

/** The router gives bucket (and key) to every operation whose rule needs them; a miss is a bug, not a client error. */
function need(value: string | undefined, endpoint: Endpoint): string {
  if (value === undefined) throw new Error(`authz: ${endpoint.operation} routed without the bucket or key it needs`);
  return value;
}
