// Endpoint (+ copy source) → the (action, resource) pairs a request must be
// allowed. Pure: the router has named the operation, the policy engine
// decides each pair; this only translates between them.
import { S3Error } from '../errors.js';
import type { Endpoint } from '../router/index.js';
import { ALL_RESOURCES, bucketArn, objectArn } from './arn.js';
import { bucketExtras, objectExtras, type HeaderLookup } from './extras.js';
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
  readonly forKey: (key: string, versionId?: string) => readonly Check[];
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
  /** The request's headers, for the actions some of them add (see extras.ts); none added without it. */
  readonly headers?: HeaderLookup;
}

const NOT_AUTHORIZABLE: NotAuthorizable = { kind: 'notAuthorizable', checks: [] };
const NO_HEADERS: HeaderLookup = () => undefined;

export function requiredChecks(input: AuthorizationInput): Authorization {
  const { endpoint } = input;
  const headers = input.headers ?? NO_HEADERS;
  const rule = RULES[endpoint.operation];
  // A versionId parameter, even "null", selects the version-specific action (as AWS does).
  const versioned = endpoint.query.has('versionId');
  switch (rule.scope) {
    case 'service':
      return { kind: 'request', checks: [{ action: rule.action, resource: ALL_RESOURCES }] };
    case 'bucket': {
      const resource = bucketArn(need(endpoint.bucket, endpoint));
      const actions = [rule.action, ...bucketExtras(endpoint.operation, headers)];
      return { kind: 'request', checks: actions.map((action) => ({ action, resource })) };
    }
    case 'object': {
      const resource = objectArn(need(endpoint.bucket, endpoint), need(endpoint.key, endpoint));
      const actions = [versioned ? rule.versioned : rule.action, ...objectExtras(endpoint.operation, headers)];
      return { kind: 'request', checks: actions.map((action) => ({ action, resource })) };
    }
    case 'copy': {
      const source = input.copySource;
      if (source === undefined)
        throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', {
          ArgumentName: 'x-amz-copy-source',
        });
      const resource = objectArn(need(endpoint.bucket, endpoint), need(endpoint.key, endpoint));
      const actions = [rule.action, ...objectExtras(endpoint.operation, headers)];
      return {
        kind: 'request',
        checks: [
          ...actions.map((action) => ({ action, resource })),
          { action: source.versionId === undefined ? rule.source : rule.sourceVersioned, resource: objectArn(source.bucket, source.key) },
        ],
      };
    }
    case 'perKey': {
      const bucket = need(endpoint.bucket, endpoint);
      const extras = objectExtras(endpoint.operation, headers);
      return {
        kind: 'perKey',
        checks: [],
        forKey: (key, versionId) => {
          const resource = objectArn(bucket, key);
          return [versionId === undefined ? rule.action : rule.versioned, ...extras].map((action) => ({ action, resource }));
        },
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
