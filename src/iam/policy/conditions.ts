import { PolicyError } from './errors.js';
import { isObject } from './json.js';
import { OPERATORS, type ValueTest } from './operators.js';
import { type ConditionValues } from './types.js';

/** One compiled `Operator: { Key: values }` entry for one key. */
interface KeyTest {
  /** Lower-case condition key. */
  readonly key: string;
  readonly test: (facts: ConditionValues) => boolean;
}

/** A compiled Condition block: true when every operator's every key holds (AND). */
export type CompiledCondition = (facts: ConditionValues) => boolean;

const ALWAYS: CompiledCondition = () => true;

/** A JSON condition value as AWS takes it: strings, numbers and booleans, alone or in an array. */
function conditionValues(raw: unknown, where: string): string[] {
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (list.length === 0) throw new PolicyError(where, 'a condition key needs at least one value');
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new PolicyError(where, 'condition values must be strings, numbers or booleans');
  });
}

/**
 * Compiles a statement's Condition block. AWS semantics, from the IAM
 * "Condition" and "Single-valued vs. multivalued condition keys" pages:
 * operators and keys AND, the values of one key OR; keys case-insensitive;
 * a missing key fails a positive operator and satisfies a negated one;
 * `…IfExists` is true when the key is absent; `ForAnyValue:` needs one
 * request value to match (false for an empty or missing set);
 * `ForAllValues:` needs every request value to match (true for an empty or
 * missing set).
 */
export function compileCondition(raw: unknown, where: string, variables: boolean): CompiledCondition {
  if (raw === undefined) return ALWAYS;
  if (!isObject(raw)) throw new PolicyError(where, 'Condition must be an object of operators');
  const tests: KeyTest[] = [];
  for (const [operatorName, body] of Object.entries(raw)) {
    const at = `${where}.${operatorName}`;
    if (!isObject(body)) throw new PolicyError(at, 'an operator takes an object of condition keys');
    let name = operatorName.toLowerCase();
    let set: 'any' | 'all' | undefined;
    if (name.startsWith('foranyvalue:')) [set, name] = ['any', name.slice('foranyvalue:'.length)];
    else if (name.startsWith('forallvalues:')) [set, name] = ['all', name.slice('forallvalues:'.length)];
    const ifExists = name.endsWith('ifexists');
    if (ifExists) name = name.slice(0, -'ifexists'.length);
    for (const [keyName, rawValues] of Object.entries(body)) {
      const keyAt = `${at}.${keyName}`;
      const key = keyName.toLowerCase();
      if (key === '') throw new PolicyError(keyAt, 'empty condition key');
      const values = conditionValues(rawValues, keyAt);
      if (name === 'null') {
        tests.push({ key, test: nullTest(key, values, keyAt) });
        continue;
      }
      const spec = OPERATORS.get(name);
      if (spec === undefined) throw new PolicyError(at, `unknown condition operator ${JSON.stringify(operatorName)}`);
      const positive = spec.compile(values, keyAt, variables);
      tests.push({ key, test: keyTest(key, positive, spec.negated, set, ifExists) });
    }
  }
  return (facts) => tests.every((t) => t.test(facts));
}

/** Null: "true" holds when the key is absent (or an empty set), "false" when present. NullIfExists is taken as Null. */
function nullTest(key: string, values: readonly string[], where: string): (facts: ConditionValues) => boolean {
  const wanted = values.map((v) => {
    const lower = v.toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw new PolicyError(where, `Null takes true or false, not ${JSON.stringify(v)}`);
    return lower === 'true';
  });
  return (facts) => {
    const present = (facts.get(key)?.length ?? 0) > 0;
    return wanted.includes(!present);
  };
}

function keyTest(
  key: string,
  positive: ValueTest,
  negated: boolean,
  set: 'any' | 'all' | undefined,
  ifExists: boolean,
): (facts: ConditionValues) => boolean {
  const one = (r: string, facts: ConditionValues): boolean => positive(r, facts) !== negated;
  return (facts) => {
    const requestValues = facts.get(key);
    if (requestValues === undefined || requestValues.length === 0) {
      if (ifExists) return true;
      if (set === 'all') return true;
      if (set === 'any') return false;
      return negated;
    }
    if (set === 'all') return requestValues.every((r) => one(r, facts));
    if (set === 'any') return requestValues.some((r) => one(r, facts));
    // Without a set prefix a multi-valued key is matched as a whole: a
    // positive operator holds if any value matches, a negated one if none does.
    return negated ? requestValues.every((r) => one(r, facts)) : requestValues.some((r) => one(r, facts));
  };
}
