import { type Decision, type EvaluationInput, scan } from './evaluate.js';
import { type CompiledPolicy } from './parse.js';

export interface TrustInput extends Omit<EvaluationInput, 'resource'> {
  /** The role's trust policy (kind 'trust'). */
  readonly trust: CompiledPolicy;
}

/**
 * Whether a principal may assume a role (sts:AssumeRole…), as the IAM User
 * Guide describes role trust ("Granting a user permissions to switch roles"):
 * unlike a bucket policy, the trust policy must always allow. An explicit Deny
 * anywhere decides. A trust Allow naming the caller's own ARN is enough; one
 * naming the caller's account (or "*") delegates, so the caller's identity
 * policies must also allow the action, narrowed by its boundary and session
 * policies as usual. Services and web identities have no identity policies:
 * a trust Allow naming them is enough.
 */
export function evaluateTrust(input: TrustInput): Decision {
  const { request } = input;
  const trust = scan([input.trust], 'resource', request);
  if (trust.deny !== undefined) return { decision: 'ExplicitDeny', statement: trust.deny };
  const caller = request.principal;
  const hasIdentity = caller.type !== 'anonymous' && caller.type !== 'root';
  const identity = hasIdentity ? scan(input.identity, 'identity', request) : undefined;
  const sessions =
    hasIdentity && input.sessionPolicies !== undefined && input.sessionPolicies.length > 0
      ? scan(input.sessionPolicies, 'session', request)
      : undefined;
  const boundary =
    hasIdentity && input.permissionsBoundary !== undefined ? scan([input.permissionsBoundary], 'boundary', request) : undefined;
  for (const found of [identity, sessions, boundary]) {
    if (found?.deny !== undefined) return { decision: 'ExplicitDeny', statement: found.deny };
  }
  if (trust.allow === undefined) return { decision: 'ImplicitDeny', statement: undefined };
  if (trust.allowDirect !== undefined || !hasIdentity) return { decision: 'Allow', statement: trust.allowDirect ?? trust.allow };
  if (identity?.allow === undefined) return { decision: 'ImplicitDeny', statement: undefined };
  if (boundary !== undefined && boundary.allow === undefined)
    return { decision: 'ImplicitDeny', statement: undefined, narrowedBy: 'boundary' };
  if (sessions !== undefined && sessions.allow === undefined)
    return { decision: 'ImplicitDeny', statement: undefined, narrowedBy: 'session' };
  return { decision: 'Allow', statement: identity.allow };
}
