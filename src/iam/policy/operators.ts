import { PolicyError } from './errors.js';
import { cidrContains, parseCidr, parseIp } from './ip.js';
import { Pattern } from './pattern.js';
import { type ConditionValues } from './types.js';

/** Tests one request value against all of an operator's policy values (OR), positively. */
export type ValueTest = (requestValue: string, facts: ConditionValues) => boolean;

/** How an operator name is understood: its positive test, and whether the name negates it. */
export interface OperatorSpec {
  readonly negated: boolean;
  readonly compile: (values: readonly string[], where: string, variables: boolean) => ValueTest;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH = /^-?\d+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function parseNumber(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}

/** ISO 8601 or epoch seconds → epoch milliseconds. */
function parseDateMs(text: string): number | undefined {
  if (EPOCH.test(text)) return Number(text) * 1000;
  if (!ISO_DATE.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function strings(compare: 'exact' | 'ignoreCase' | 'like'): OperatorSpec['compile'] {
  return (values, where, variables) => {
    const patterns = values.map((v) =>
      Pattern.compile(v, where, { wildcards: compare === 'like', variables, ignoreCase: compare === 'ignoreCase' }),
    );
    if (compare === 'like') return (r, facts) => patterns.some((p) => p.matches(r, facts));
    if (compare === 'ignoreCase') {
      return (r, facts) => {
        const lower = r.toLowerCase();
        return patterns.some((p) => p.resolveText(facts) === lower);
      };
    }
    return (r, facts) => patterns.some((p) => p.resolveText(facts) === r);
  };
}

function ordered<T>(
  parse: (text: string) => T | undefined,
  kind: string,
  compare: (request: T, policy: T) => boolean,
): OperatorSpec['compile'] {
  return (values, where) => {
    const parsed = values.map((v) => {
      const p = parse(v);
      if (p === undefined) throw new PolicyError(where, `${JSON.stringify(v)} is not a ${kind}`);
      return p;
    });
    return (r) => {
      const request = parse(r);
      return request !== undefined && parsed.some((p) => compare(request, p));
    };
  };
}

const eq = (a: number, b: number): boolean => a === b;
const lt = (a: number, b: number): boolean => a < b;
const le = (a: number, b: number): boolean => a <= b;
const gt = (a: number, b: number): boolean => a > b;
const ge = (a: number, b: number): boolean => a >= b;

const bool: OperatorSpec['compile'] = (values, where) => {
  const wanted = values.map((v) => {
    const lower = v.toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw new PolicyError(where, `${JSON.stringify(v)} is not true or false`);
    return lower;
  });
  return (r) => (wanted as string[]).includes(r.toLowerCase());
};

const binary: OperatorSpec['compile'] = (values, where) => {
  const wanted = values.map((v) => {
    if (!BASE64.test(v) || v.length % 4 !== 0) throw new PolicyError(where, `${JSON.stringify(v)} is not base64`);
    return Buffer.from(v, 'base64');
  });
  return (r) => BASE64.test(r) && wanted.some((w) => w.equals(Buffer.from(r, 'base64')));
};

const ip: OperatorSpec['compile'] = (values, where) => {
  const blocks = values.map((v) => {
    const cidr = parseCidr(v);
    if (cidr === undefined) throw new PolicyError(where, `${JSON.stringify(v)} is not an IPv4 or IPv6 address or CIDR block`);
    return cidr;
  });
  return (r) => {
    const addr = parseIp(r);
    return addr !== undefined && blocks.some((b) => cidrContains(b, addr));
  };
};

/** Splits an ARN into its six colon-separated parts (the last may hold more colons). */
export function arnParts(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(arn.slice(start, colon));
    start = colon + 1;
  }
  parts.push(arn.slice(start));
  return parts;
}

/**
 * ArnEquals and ArnLike behave the same in AWS: wildcards allowed, compared
 * part by part so a `*` never spans a colon-separated part. A policy value
 * that is not six parts long matches nothing (a lone "*" matches any ARN).
 */
const arn: OperatorSpec['compile'] = (values, where, variables) => {
  const patterns = values.flatMap((v) => {
    const parts = v === '*' ? ['*', '*', '*', '*', '*', '*'] : arnParts(v);
    return parts === undefined ? [] : [parts.map((p) => Pattern.compile(p, where, { wildcards: true, variables, ignoreCase: false }))];
  });
  return (r, facts) => {
    const parts = arnParts(r);
    return parts !== undefined && patterns.some((pattern) => pattern.every((p, i) => p.matches(parts[i] ?? '', facts)));
  };
};

/** Base operator names (lower-case, without IfExists and set prefixes). Null is handled by the caller. */
export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ['stringequals', { negated: false, compile: strings('exact') }],
  ['stringnotequals', { negated: true, compile: strings('exact') }],
  ['stringequalsignorecase', { negated: false, compile: strings('ignoreCase') }],
  ['stringnotequalsignorecase', { negated: true, compile: strings('ignoreCase') }],
  ['stringlike', { negated: false, compile: strings('like') }],
  ['stringnotlike', { negated: true, compile: strings('like') }],
  ['numericequals', { negated: false, compile: ordered(parseNumber, 'number', eq) }],
  ['numericnotequals', { negated: true, compile: ordered(parseNumber, 'number', eq) }],
  ['numericlessthan', { negated: false, compile: ordered(parseNumber, 'number', lt) }],
  ['numericlessthanequals', { negated: false, compile: ordered(parseNumber, 'number', le) }],
  ['numericgreaterthan', { negated: false, compile: ordered(parseNumber, 'number', gt) }],
  ['numericgreaterthanequals', { negated: false, compile: ordered(parseNumber, 'number', ge) }],
  ['dateequals', { negated: false, compile: ordered(parseDateMs, 'date', eq) }],
  ['datenotequals', { negated: true, compile: ordered(parseDateMs, 'date', eq) }],
  ['datelessthan', { negated: false, compile: ordered(parseDateMs, 'date', lt) }],
  ['datelessthanequals', { negated: false, compile: ordered(parseDateMs, 'date', le) }],
  ['dategreaterthan', { negated: false, compile: ordered(parseDateMs, 'date', gt) }],
  ['dategreaterthanequals', { negated: false, compile: ordered(parseDateMs, 'date', ge) }],
  ['bool', { negated: false, compile: bool }],
  ['binaryequals', { negated: false, compile: binary }],
  ['ipaddress', { negated: false, compile: ip }],
  ['notipaddress', { negated: true, compile: ip }],
  ['arnequals', { negated: false, compile: arn }],
  ['arnlike', { negated: false, compile: arn }],
  ['arnnotequals', { negated: true, compile: arn }],
  ['arnnotlike', { negated: true, compile: arn }],
]);
