import { PolicyError } from './errors.js';
import { isObject, parseJsonLimited } from './json.js';
import { compileStatement, type CompiledStatement } from './statement.js';
import { type PolicyKind } from './types.js';

export interface CompiledPolicy {
  readonly kind: PolicyKind;
  readonly version: '2012-10-17' | '2008-10-17';
  readonly id: string | undefined;
  readonly statements: readonly CompiledStatement[];
  /**
   * Statements by action, so a request looks only at the statements that can
   * apply: `exact` maps a lower-case action to the statements whose Action
   * names it without wildcards; `others` (wildcards, NotAction) are always
   * looked at. Both lists are in statement order.
   */
  readonly actionIndex: {
    readonly exact: ReadonlyMap<string, readonly number[]>;
    readonly others: readonly number[];
  };
}

function indexActions(statements: readonly CompiledStatement[]): CompiledPolicy['actionIndex'] {
  const exact = new Map<string, number[]>();
  const others: number[] = [];
  statements.forEach((s, i) => {
    const names = s.action.not ? [undefined] : s.action.patterns.map((p) => p.exactText);
    if (names.some((n) => n === undefined)) {
      others.push(i);
      return;
    }
    for (const name of new Set(names)) {
      if (name === undefined) continue;
      const list = exact.get(name);
      if (list === undefined) exact.set(name, [i]);
      else list.push(i);
    }
  });
  return { exact, others };
}

export interface ParseOptions {
  /** Size limit in characters; see DEFAULT_MAX_CHARS. */
  readonly maxBytes?: number;
}

/**
 * AWS's size quotas by kind: a managed (identity) policy 6,144 characters
 * (inline user policies are 2,048: callers storing those pass maxBytes), a
 * role trust policy 2,048, a session policy 2,048, a bucket policy 20 KB. IAM
 * does not count white space toward its quotas; S3 counts the bucket policy
 * as sent.
 */
export const DEFAULT_MAX_CHARS: Readonly<Record<PolicyKind, number>> = {
  identity: 6144,
  trust: 2048,
  session: 2048,
  resource: 20 * 1024,
};

/** However a document counts toward its quota, no more raw text than this many times the quota is read. */
const RAW_SLACK = 4;

const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);

function countNonWhitespace(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) n++;
  }
  return n;
}

/** Parses, validates and compiles a policy document; every problem is a PolicyError. */
export function parsePolicy(json: string, kind: PolicyKind, options: ParseOptions = {}): CompiledPolicy {
  const max = options.maxBytes ?? DEFAULT_MAX_CHARS[kind];
  if (typeof json !== 'string') throw new PolicyError('', 'the policy document must be a string');
  const counted = kind === 'resource' ? json.length : countNonWhitespace(json.slice(0, max * RAW_SLACK + 1));
  if (counted > max || json.length > max * RAW_SLACK) {
    throw new PolicyError('', `the policy document is larger than the limit of ${max} characters`);
  }
  const doc = parseJsonLimited(json, max * RAW_SLACK);
  if (!isObject(doc)) throw new PolicyError('', 'the policy document must be a JSON object');
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.has(key)) throw new PolicyError('', `unknown policy element ${JSON.stringify(key)}`);
  }
  // A document without Version is read as 2008-10-17, as AWS does: no policy variables.
  const version = doc['Version'] ?? '2008-10-17';
  if (version !== '2012-10-17' && version !== '2008-10-17') {
    throw new PolicyError('Version', 'must be "2012-10-17" or "2008-10-17"');
  }
  const id = doc['Id'];
  if (id !== undefined && typeof id !== 'string') throw new PolicyError('Id', 'must be a string');
  const raw = doc['Statement'];
  if (raw === undefined) throw new PolicyError('', 'the policy document has no Statement');
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (list.length === 0) throw new PolicyError('Statement', 'must hold at least one statement');
  const sids = new Set<string>();
  const statements = list.map((s, i) => {
    const where = Array.isArray(raw) ? `Statement[${i}]` : 'Statement';
    const statement = compileStatement(s, i, where, kind, version === '2012-10-17');
    if (statement.sid !== undefined && statement.sid !== '') {
      if (sids.has(statement.sid)) throw new PolicyError(`${where}.Sid`, `duplicate Sid ${JSON.stringify(statement.sid)}`);
      sids.add(statement.sid);
    }
    return statement;
  });
  return { kind, version, id, statements, actionIndex: indexActions(statements) };
}
