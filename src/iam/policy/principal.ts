import { PolicyError } from './errors.js';
import { isObject } from './json.js';
import { type Effect, type RequestPrincipal } from './types.js';

/**
 * How a Principal element matched: 'direct' when it names the requester's own
 * ARN (a user ARN, or the role-session ARN itself), which AWS lets a
 * same-account resource policy grant past a permissions boundary or session
 * policy; 'indirect' for any other match ("*", an account, the role ARN of a
 * session), which boundaries and session policies still narrow.
 */
export type PrincipalMatch = 'none' | 'direct' | 'indirect';

export type PrincipalMatcher = (principal: RequestPrincipal, effect: Effect) => PrincipalMatch;

const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ROOT = /^arn:aws:iam::(\d{12}):root$/;

function list(raw: unknown, where: string): string[] {
  const values = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (values.length === 0) throw new PolicyError(where, 'needs at least one value');
  return values.map((v) => {
    if (typeof v !== 'string' || v === '') throw new PolicyError(where, 'values must be non-empty strings');
    return v;
  });
}

/**
 * Compiles a Principal (or, with `not`, a NotPrincipal) element.
 *
 * `"*"` and `{"AWS": "*"}` are the same in AWS ("everyone, including anonymous
 * users", IAM "AWS JSON policy elements: Principal"). Naming an account
 * (`"123456789012"` or `arn:aws:iam::123456789012:root`) delegates to that
 * account: an Allow reaches only its root user, since the account's own
 * identities still need identity policies; a Deny reaches every identity of
 * the account. In a trust policy an account names every identity of it,
 * whose identity policies must then allow sts:AssumeRole (evaluateTrust).
 * Other ARNs match exactly (principal ARNs take no wildcards),
 * and a role ARN matches the sessions of that role.
 */
export function compilePrincipal(raw: unknown, where: string, not: boolean, trust: boolean): PrincipalMatcher {
  const tests: Array<(p: RequestPrincipal, effect: Effect) => PrincipalMatch> = [];
  if (raw === '*') tests.push(() => 'indirect');
  else if (isObject(raw)) {
    const entries = Object.entries(raw);
    if (entries.length === 0) throw new PolicyError(where, 'names no principal');
    for (const [type, values] of entries) {
      const at = `${where}.${type}`;
      if (!PRINCIPAL_KEYS.has(type)) throw new PolicyError(at, `unknown principal type (use AWS, Service, Federated or CanonicalUser)`);
      for (const value of list(values, at)) tests.push(principalTest(type, value, at, trust));
    }
  } else throw new PolicyError(where, 'must be "*" or an object such as {"AWS": "arn:aws:iam::123456789012:user/name"}');

  if (!not) {
    return (p, effect) => {
      let best: PrincipalMatch = 'none';
      for (const t of tests) {
        const m = t(p, effect);
        if (m === 'direct') return m;
        if (m === 'indirect') best = m;
      }
      return best;
    };
  }
  // NotPrincipal: everyone except those listed; an account listed excludes all of it.
  return (p) => (tests.some((t) => t(p, 'Deny') !== 'none') ? 'none' : 'indirect');
}

function principalTest(
  type: string,
  value: string,
  where: string,
  trust: boolean,
): (p: RequestPrincipal, effect: Effect) => PrincipalMatch {
  switch (type) {
    case 'Service':
      return (p) => (p.service === value ? 'indirect' : 'none');
    case 'Federated':
      return (p) => (p.federated === value ? 'indirect' : 'none');
    case 'CanonicalUser':
      return (p) => (p.canonicalId === value ? 'direct' : 'none');
    default:
      break;
  }
  if (value === '*') return () => 'indirect';
  const account = ACCOUNT_ID.test(value) ? value : ACCOUNT_ROOT.exec(value)?.[1];
  if (account !== undefined) {
    return (p, effect) => {
      if (p.type === 'anonymous' || p.account !== account) return 'none';
      return effect === 'Deny' || p.type === 'root' || trust ? 'indirect' : 'none';
    };
  }
  if (!value.startsWith('arn:')) throw new PolicyError(where, `${JSON.stringify(value)} is not an ARN, an account id or "*"`);
  if (value.includes('*') || value.includes('?')) {
    throw new PolicyError(
      where,
      `${JSON.stringify(value)}: principal ARNs take no wildcards (use "*" alone, or a condition on aws:PrincipalArn)`,
    );
  }
  return (p) => {
    if (p.type === 'anonymous') return 'none';
    if (p.arn === value) return 'direct';
    return p.roleArn === value ? 'indirect' : 'none';
  };
}
