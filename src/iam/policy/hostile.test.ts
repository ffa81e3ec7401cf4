import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyError, evaluate, parsePolicy, type PolicyKind } from './index.js';

/** Every hostile document is a PolicyError: never another exception, never a hang. */
function refused(json: string, kind: PolicyKind = 'resource'): PolicyError {
  try {
    parsePolicy(json, kind);
  } catch (err) {
    assert.ok(err instanceof PolicyError, `threw ${String(err)}`);
    assert.equal(err.code, 'MalformedPolicyDocument');
    return err;
  }
  assert.fail(`accepted ${json.slice(0, 80)}`);
}

const base = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const doc = (s: object): string => JSON.stringify({ Version: '2012-10-17', Statement: [s] });

test('deep nesting is refused before parsing, in every position', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  assert.match(refused(deep, 'resource').message, /nests deeper|larger than/);
  assert.match(refused('['.repeat(5000) + ']'.repeat(5000)).message, /nests deeper/);
  assert.match(refused(`{"Version":"2012-10-17","Statement":${'['.repeat(40)}${']'.repeat(40)}}`).message, /nests deeper/);
  const deepCondition = doc({ ...base, Condition: JSON.parse('{"a":'.repeat(30) + '1' + '}'.repeat(30)) as object });
  assert.match(refused(deepCondition).message, /nests deeper/);
  // Brackets inside strings are not nesting.
  assert.doesNotThrow(() =>
    parsePolicy(doc({ ...base, Sid: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{{{{{{' }), 'resource'),
  );
  assert.doesNotThrow(() => parsePolicy(doc({ ...base, Sid: 'a\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[' }), 'resource'));
});

test('100 KB documents are refused for every kind', () => {
  const big = doc({ ...base, Sid: 'x'.repeat(100 * 1024) });
  for (const kind of ['identity', 'resource', 'trust', 'session'] as const) assert.match(refused(big, kind).message, /larger than/);
  assert.match(refused(' '.repeat(100 * 1024) + doc(base), 'identity').message, /larger than/, 'white space is bounded too');
  const manyStatements = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 2000 }, () => base) });
  assert.match(refused(manyStatements).message, /larger than/);
});

test('unknown operators, prefixes and elements', () => {
  for (const op of [
    'StringEqualsX',
    'Foo',
    'ForAnyValue:',
    'ForAnyValue:Foo',
    'IfExists',
    'NumericEq',
    'ForAllValues:ForAnyValue:StringEquals',
    '__proto__',
  ]) {
    const err = refused(doc({ ...base, Condition: { [op]: { k: 'v' } } }));
    assert.match(err.message, /^Statement\[0\]\.Condition/, op);
  }
  refused(JSON.stringify({ Version: '2012-10-17', Statement: [base], __proto__: 1 }).replace('"Statement"', '"__proto__":{},"Statement"'));
  refused(doc({ ...base, constructor: 'x' }));
});

test('non-string values anywhere are PolicyErrors', () => {
  const bad: object[] = [
    { ...base, Effect: true },
    { ...base, Effect: ['Allow'] },
    { ...base, Action: { a: 1 } },
    { ...base, Action: null },
    { ...base, Action: [null] },
    { ...base, Resource: 5 },
    { ...base, Resource: [['arn:aws:s3:::b']] },
    { ...base, Principal: 5 },
    { ...base, Principal: null },
    { ...base, Principal: { AWS: 5 } },
    { ...base, Principal: { AWS: [] } },
    { ...base, Principal: {} },
    { ...base, Sid: {} },
    { ...base, Condition: { StringEquals: { k: null } } },
    { ...base, Condition: { StringEquals: { k: {} } } },
    { ...base, Condition: { StringEquals: null } },
    { ...base, Condition: null },
    { ...base, Condition: [] },
  ];
  for (const s of bad) refused(doc(s));
  for (const top of [
    'null',
    '1',
    '"x"',
    'true',
    '[]',
    '{"Version":"2012-10-17","Statement":null}',
    '{"Version":"2012-10-17","Statement":[1]}',
    '{"Version":1,"Statement":[]}',
    '',
    '{',
    '{"a":1,"a":2',
  ]) {
    refused(top);
  }
  // A non-string argument from JavaScript callers still ends as a PolicyError.
  refused(undefined as unknown as string);
  refused({} as unknown as string);
});

test('hostile wildcards and variables compile and match without blowing up', () => {
  const p = parsePolicy(doc({ ...base, Resource: 'arn:aws:s3:::' + '*a'.repeat(500) + 'b' }), 'resource');
  const request = { principal: { type: 'anonymous', arn: '', account: '' } as const, action: 's3:GetObject', conditions: new Map() };
  assert.equal(
    evaluate({ request: { ...request, resource: 'arn:aws:s3:::' + 'a'.repeat(10_000) }, identity: [], resource: p }).decision,
    'ImplicitDeny',
  );
  assert.equal(
    evaluate({ request: { ...request, resource: 'arn:aws:s3:::' + 'a'.repeat(10_000) + 'b' }, identity: [], resource: p }).decision,
    'Allow',
  );
  refused(doc({ ...base, Resource: 'arn:aws:s3:::${' + 'x'.repeat(100) }));
  refused(doc({ ...base, Resource: 'arn:aws:s3:::${}' }));
  refused(doc({ ...base, Condition: { IpAddress: { 'aws:SourceIp': '1.2.3.4/999999999999' } } }));
  refused(doc({ ...base, Condition: { DateEquals: { 'aws:CurrentTime': 'x'.repeat(1000) } } }));
});
