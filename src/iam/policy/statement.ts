import { compileCondition, type CompiledCondition } from './conditions.js';
import { PolicyError } from './errors.js';
import { isObject } from './json.js';
import { Pattern } from './pattern.js';
import { compilePrincipal, type PrincipalMatch, type PrincipalMatcher } from './principal.js';
import { type Effect, type PolicyKind, type RequestContext } from './types.js';

/** Action/NotAction or Resource/NotResource, compiled. */
interface Matcher {
  readonly not: boolean;
  readonly patterns: readonly Pattern[];
}

export interface CompiledStatement {
  /** Position in the document's Statement list (0-based). */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly action: Matcher;
  /** Undefined in trust policies, which have no Resource. */
  readonly resource: Matcher | undefined;
  /** Undefined in identity and session policies, which name no principal. */
  readonly principal: PrincipalMatcher | undefined;
  readonly condition: CompiledCondition;
}

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
/** "service:Action" with wildcards, or a lone "*". */
const ACTION = /^([a-z0-9-]+:[A-Za-z0-9*?]+|\*)$/i;

function strings(raw: unknown, where: string): string[] {
  const values = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (values.length === 0) throw new PolicyError(where, 'needs at least one value');
  return values.map((v) => {
    if (typeof v !== 'string' || v === '') throw new PolicyError(where, 'values must be non-empty strings');
    return v;
  });
}

/** Exactly one of `name`/`Not${name}`; which one, and its value. */
function oneOf(raw: Record<string, unknown>, name: string, where: string): { not: boolean; value: unknown } | undefined {
  const yes = raw[name];
  const no = raw[`Not${name}`];
  if (yes !== undefined && no !== undefined) throw new PolicyError(where, `has both ${name} and Not${name}`);
  if (yes !== undefined) return { not: false, value: yes };
  if (no !== undefined) return { not: true, value: no };
  return undefined;
}

export function compileStatement(raw: unknown, index: number, where: string, kind: PolicyKind, variables: boolean): CompiledStatement {
  if (!isObject(raw)) throw new PolicyError(where, 'a statement must be an object');
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) throw new PolicyError(where, `unknown statement element ${JSON.stringify(key)}`);
  }
  const sid = raw['Sid'];
  if (sid !== undefined && typeof sid !== 'string') throw new PolicyError(`${where}.Sid`, 'must be a string');
  const effect = raw['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyError(`${where}.Effect`, 'must be "Allow" or "Deny"');

  const action = oneOf(raw, 'Action', where);
  if (action === undefined) throw new PolicyError(where, 'needs Action or NotAction');
  const actionAt = `${where}.${action.not ? 'NotAction' : 'Action'}`;
  const actionPatterns = strings(action.value, actionAt).map((a) => {
    if (!ACTION.test(a)) throw new PolicyError(actionAt, `${JSON.stringify(a)} is not "service:Action" or "*"`);
    return Pattern.compile(a, actionAt, { wildcards: true, variables: false, ignoreCase: true });
  });

  const resource = oneOf(raw, 'Resource', where);
  let resourceMatcher: Matcher | undefined;
  if (kind === 'trust') {
    if (resource !== undefined) throw new PolicyError(where, 'a trust policy takes no Resource or NotResource');
  } else {
    if (resource === undefined) throw new PolicyError(where, 'needs Resource or NotResource');
    const at = `${where}.${resource.not ? 'NotResource' : 'Resource'}`;
    const patterns = strings(resource.value, at).map((r) => {
      if (r !== '*' && !r.startsWith('arn:')) throw new PolicyError(at, `${JSON.stringify(r)} is not an ARN or "*"`);
      return Pattern.compile(r, at, { wildcards: true, variables, ignoreCase: false });
    });
    resourceMatcher = { not: resource.not, patterns };
  }

  const principal = oneOf(raw, 'Principal', where);
  let principalMatcher: PrincipalMatcher | undefined;
  if (kind === 'identity' || kind === 'session') {
    if (principal !== undefined) throw new PolicyError(where, `an ${kind} policy takes no Principal or NotPrincipal`);
  } else {
    if (principal === undefined) throw new PolicyError(where, `a ${kind} policy needs Principal or NotPrincipal`);
    const at = `${where}.${principal.not ? 'NotPrincipal' : 'Principal'}`;
    principalMatcher = compilePrincipal(principal.value, at, principal.not, kind === 'trust');
  }

  return {
    index,
    sid,
    effect,
    action: { not: action.not, patterns: actionPatterns },
    resource: resourceMatcher,
    principal: principalMatcher,
    condition: compileCondition(raw['Condition'], `${where}.Condition`, variables),
  };
}

function anyMatch(m: Matcher, value: string, request: RequestContext): boolean {
  for (const p of m.patterns) if (p.matches(value, request.conditions)) return !m.not;
  return m.not;
}

/**
 * Whether a statement applies to a request, and for statements with a
 * Principal, how it matched (see PrincipalMatch). `actionLower` is request.action lower-cased once per evaluation. Cheap tests first: action,
 * then principal and resource, conditions last.
 */
export function statementApplies(s: CompiledStatement, request: RequestContext, actionLower: string): PrincipalMatch {
  const actionHit = s.action.patterns.some((p) => p.matchesLowered(actionLower, request.conditions));
  if (actionHit === s.action.not) return 'none';
  let how: PrincipalMatch = 'indirect';
  if (s.principal !== undefined) {
    how = s.principal(request.principal, s.effect);
    if (how === 'none') return 'none';
  }
  if (s.resource !== undefined && !anyMatch(s.resource, request.resource, request)) return 'none';
  return s.condition(request.conditions) ? how : 'none';
}
