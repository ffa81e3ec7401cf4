import { type CompiledPolicy } from './parse.js';
import { type PrincipalMatch } from './principal.js';
import { statementApplies } from './statement.js';
import { type RequestContext } from './types.js';

export type PolicySource = 'identity' | 'resource' | 'session' | 'boundary';

/** The statement that decided, for error messages and logs. */
export interface DecidingStatement {
  readonly source: PolicySource;
  /** Index into the identity or session policy list (0 for resource and boundary). */
  readonly policyIndex: number;
  readonly statementIndex: number;
  readonly sid: string | undefined;
}

export interface Decision {
  readonly decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  readonly statement: DecidingStatement | undefined;
  /** For an ImplicitDeny where an Allow existed: which narrowing policy lacked one. */
  readonly narrowedBy?: 'boundary' | 'session';
}

export interface EvaluationInput {
  readonly request: RequestContext;
  readonly identity: readonly CompiledPolicy[];
  /** The bucket policy. (A role's trust policy goes to evaluateTrust, whose rules differ.) */
  readonly resource?: CompiledPolicy;
  readonly sessionPolicies?: readonly CompiledPolicy[];
  readonly permissionsBoundary?: CompiledPolicy;
}

export interface Found {
  deny: DecidingStatement | undefined;
  allow: DecidingStatement | undefined;
  /** Whether some Allow named the requester's own ARN (see PrincipalMatch). */
  allowDirect: DecidingStatement | undefined;
}

const NONE: readonly number[] = [];

export function scan(policies: readonly CompiledPolicy[], source: PolicySource, request: RequestContext): Found {
  const found: Found = { deny: undefined, allow: undefined, allowDirect: undefined };
  const actionLower = request.action.toLowerCase();
  for (let p = 0; p < policies.length; p++) {
    const policy = policies[p];
    if (policy === undefined) continue;
    // The statements naming this action exactly, merged in order with those
    // the index cannot rule out.
    const exact = policy.actionIndex.exact.get(actionLower) ?? NONE;
    const others = policy.actionIndex.others;
    for (let a = 0, b = 0; a < exact.length || b < others.length;) {
      const ea = exact[a] ?? Infinity;
      const ob = others[b] ?? Infinity;
      const i = ea < ob ? (a++, ea) : (b++, ob);
      const s = policy.statements[i];
      if (s === undefined) continue;
      if (s.effect === 'Allow' && found.allowDirect !== undefined) continue;
      const how: PrincipalMatch = statementApplies(s, request, actionLower);
      if (how === 'none') continue;
      const at: DecidingStatement = { source, policyIndex: p, statementIndex: s.index, sid: s.sid };
      if (s.effect === 'Deny') return { ...found, deny: at };
      found.allow ??= at;
      if (how === 'direct') found.allowDirect = at;
    }
  }
  return found;
}

/**
 * AWS's policy evaluation for a request within one account, following the
 * IAM User Guide pages "Policy evaluation logic", "How AWS enforcement code
 * logic evaluates requests to allow or deny access" and "Policy evaluation
 * for requests within a single account":
 *
 * 1. An explicit Deny in any policy (identity, resource, session, boundary)
 *    decides: ExplicitDeny.
 * 2. The account root user has full access otherwise (it has no identity
 *    policies, boundaries or sessions to narrow it).
 * 3. A resource policy Allow that names the requester's own ARN (an IAM user
 *    ARN, or a role-session ARN) allows, even past an implicit deny in the
 *    identity policies, the permissions boundary or the session policies.
 * 4. Otherwise an Allow from an identity policy, or from a resource policy
 *    naming the requester some other way (its role ARN, "*"), allows only
 *    if the permissions boundary (when set) and the session policies (when
 *    any; they combine as one set) also allow: they only narrow.
 * 5. Anything else is an ImplicitDeny. Anonymous requests have no identity:
 *    only a resource policy can allow them.
 */
export function evaluate(input: EvaluationInput): Decision {
  const { request } = input;
  const principal = request.principal;
  const anonymous = principal.type === 'anonymous';
  const identity = anonymous || principal.type === 'root' ? undefined : scan(input.identity, 'identity', request);
  const resource = input.resource === undefined ? undefined : scan([input.resource], 'resource', request);
  const sessions =
    input.sessionPolicies !== undefined && input.sessionPolicies.length > 0 && !anonymous
      ? scan(input.sessionPolicies, 'session', request)
      : undefined;
  const boundary =
    input.permissionsBoundary === undefined || anonymous ? undefined : scan([input.permissionsBoundary], 'boundary', request);

  for (const found of [resource, identity, sessions, boundary]) {
    if (found?.deny !== undefined) return { decision: 'ExplicitDeny', statement: found.deny };
  }
  if (principal.type === 'root') return { decision: 'Allow', statement: resource?.allow };
  if (resource?.allowDirect !== undefined && !anonymous) return { decision: 'Allow', statement: resource.allowDirect };

  const allow = identity?.allow ?? resource?.allow;
  if (allow === undefined) return { decision: 'ImplicitDeny', statement: undefined };
  if (boundary !== undefined && boundary.allow === undefined)
    return { decision: 'ImplicitDeny', statement: undefined, narrowedBy: 'boundary' };
  if (sessions !== undefined && sessions.allow === undefined)
    return { decision: 'ImplicitDeny', statement: undefined, narrowedBy: 'session' };
  return { decision: 'Allow', statement: allow };
}
