// What a request must be allowed to do: operation → IAM actions and resource ARNs.
export {
  requiredChecks,
  type Authorization,
  type AuthorizationInput,
  type Check,
  type CopySourceRef,
  type NotAuthorizable,
  type PerKeyChecks,
  type RequestChecks,
} from './actions.js';
export { type HeaderLookup } from './extras.js';
export { ALL_RESOURCES, bucketArn, objectArn } from './arn.js';
export { RULES, type Rule } from './rules.js';
