import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition } from './conditions.js';
import { PolicyError } from './errors.js';

type Facts = Record<string, string | string[]>;
const facts = (f: Facts): ReadonlyMap<string, readonly string[]> =>
  new Map(Object.entries(f).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v : [v]]));
/** Whether `{op: {key: values}}` holds for the request facts. */
function holds(op: string, values: unknown, f: Facts, key = 'k'): boolean {
  return compileCondition({ [op]: { [key]: values } }, 'C', true)(facts(f));
}

test('String operators', () => {
  assert.ok(holds('StringEquals', 'a', { k: 'a' }));
  assert.ok(!holds('StringEquals', 'a', { k: 'A' }));
  assert.ok(holds('StringEquals', ['x', 'a'], { k: 'a' }), 'values OR');
  assert.ok(!holds('StringEquals', 'a*', { k: 'ab' }), 'no wildcards in StringEquals');
  assert.ok(!holds('StringEquals', 'a', {}), 'missing key fails a positive operator');
  assert.ok(holds('StringNotEquals', 'a', { k: 'b' }));
  assert.ok(!holds('StringNotEquals', 'a', { k: 'a' }));
  assert.ok(holds('StringNotEquals', 'a', {}), 'missing key satisfies a negated operator');
  assert.ok(holds('StringEqualsIgnoreCase', 'ABC', { k: 'abc' }));
  assert.ok(!holds('StringNotEqualsIgnoreCase', 'ABC', { k: 'abc' }));
  assert.ok(holds('StringNotEqualsIgnoreCase', 'ABC', { k: 'abd' }));
  assert.ok(holds('StringLike', 'home/*', { k: 'home/x/y' }));
  assert.ok(holds('StringLike', ['', 'home/?'], { k: 'home/x' }));
  assert.ok(!holds('StringLike', 'home/*', { k: 'other' }));
  assert.ok(holds('StringNotLike', 'home/*', { k: 'other' }));
  assert.ok(!holds('StringNotLike', 'home/*', { k: 'home/a' }));
  assert.ok(holds('StringLike', 'home/${aws:username}/*', { k: 'home/al/x', 'aws:username': 'al' }), 'variables in values');
  assert.ok(holds('StringEquals', '${aws:username}', { k: 'al', 'aws:username': 'al' }));
  assert.ok(!holds('StringEquals', '${aws:username}', { k: '' }), 'a missing variable matches nothing');
  assert.ok(holds('StringEquals', 5, { k: '5' }), 'numbers become strings');
  assert.ok(holds('stringequals', 'a', { k: 'a' }), 'operator names are case-insensitive here');
});

test('condition keys are case-insensitive; keys AND, operators AND', () => {
  assert.ok(holds('StringEquals', 'a', { 'S3:Prefix': 'a' }, 's3:prefix'));
  assert.ok(holds('StringEquals', 'a', { 's3:prefix': 'a' }, 'S3:PREFIX'));
  const c = compileCondition({ StringEquals: { a: '1', b: '2' }, Bool: { c: 'true' } }, 'C', true);
  assert.ok(c(facts({ a: '1', b: '2', c: 'true' })));
  assert.ok(!c(facts({ a: '1', b: '3', c: 'true' })));
  assert.ok(!c(facts({ a: '1', b: '2', c: 'false' })));
  assert.ok(!c(facts({ a: '1', b: '2' })));
});

test('Numeric operators', () => {
  assert.ok(holds('NumericEquals', '10', { k: '10' }));
  assert.ok(holds('NumericEquals', 10, { k: '10.0' }));
  assert.ok(!holds('NumericEquals', '10', { k: 'ten' }), 'an unparsable request value never matches');
  assert.ok(holds('NumericNotEquals', '10', { k: '11' }));
  assert.ok(!holds('NumericNotEquals', '10', { k: '10' }));
  assert.ok(holds('NumericLessThan', '10', { k: '9' }));
  assert.ok(!holds('NumericLessThan', '10', { k: '10' }));
  assert.ok(holds('NumericLessThanEquals', '10', { k: '10' }));
  assert.ok(holds('NumericGreaterThan', '10', { k: '10.5' }));
  assert.ok(!holds('NumericGreaterThan', '10', { k: '10' }));
  assert.ok(holds('NumericGreaterThanEquals', '10', { k: '10' }));
  assert.ok(!holds('NumericGreaterThanEquals', '10', { k: '-11' }));
  assert.throws(() => holds('NumericEquals', 'ten', {}), PolicyError);
  assert.throws(() => holds('NumericEquals', '0x10', {}), PolicyError);
});

test('Date operators: ISO 8601 and epoch seconds', () => {
  const now = { k: '2026-01-02T03:04:05Z' };
  assert.ok(holds('DateEquals', '2026-01-02T03:04:05Z', now));
  assert.ok(holds('DateEquals', String(Date.UTC(2026, 0, 2, 3, 4, 5) / 1000), now), 'epoch seconds');
  assert.ok(holds('DateNotEquals', '2026-01-01T00:00:00Z', now));
  assert.ok(holds('DateLessThan', '2027-01-01T00:00:00Z', now));
  assert.ok(!holds('DateLessThan', '2026-01-02T03:04:05Z', now));
  assert.ok(holds('DateLessThanEquals', '2026-01-02T03:04:05Z', now));
  assert.ok(holds('DateGreaterThan', '2026-01-01', now));
  assert.ok(holds('DateGreaterThanEquals', '2026-01-02T03:04:05+00:00', now));
  assert.ok(!holds('DateGreaterThan', '2026-01-02T04:04:05+01:00', now), 'offsets count');
  assert.throws(() => holds('DateEquals', 'yesterday', {}), PolicyError);
});

test('Bool, BinaryEquals, Null', () => {
  assert.ok(holds('Bool', 'true', { k: 'true' }));
  assert.ok(holds('Bool', true, { k: 'TRUE' }));
  assert.ok(!holds('Bool', 'true', { k: 'false' }));
  assert.ok(!holds('Bool', 'false', {}), 'a missing key is not false');
  assert.throws(() => holds('Bool', 'yes', {}), PolicyError);
  assert.ok(holds('BinaryEquals', 'QmluYXJ5', { k: 'QmluYXJ5' }));
  assert.ok(!holds('BinaryEquals', 'QmluYXJ5', { k: 'QmluYXJ6' }));
  assert.throws(() => holds('BinaryEquals', 'not base64!', {}), PolicyError);
  assert.ok(holds('Null', 'true', {}));
  assert.ok(!holds('Null', 'true', { k: 'x' }));
  assert.ok(holds('Null', 'false', { k: 'x' }));
  assert.ok(!holds('Null', 'false', {}));
  assert.ok(holds('Null', 'true', { k: [] }), 'an empty set is null');
  assert.throws(() => holds('Null', 'maybe', {}), PolicyError);
});

test('IpAddress / NotIpAddress, IPv4 and IPv6', () => {
  assert.ok(holds('IpAddress', '203.0.113.0/24', { k: '203.0.113.7' }));
  assert.ok(!holds('IpAddress', '203.0.113.0/24', { k: '203.0.114.7' }));
  assert.ok(holds('IpAddress', '10.0.0.0/8', { k: '::ffff:10.1.2.3' }), 'IPv4-mapped IPv6');
  assert.ok(holds('IpAddress', '203.0.113.7', { k: '203.0.113.7' }), 'a bare address is a /32');
  assert.ok(holds('IpAddress', '0.0.0.0/0', { k: '1.2.3.4' }));
  assert.ok(holds('IpAddress', '2001:db8::/32', { k: '2001:db8:1::5' }));
  assert.ok(!holds('IpAddress', '2001:db8::/32', { k: '2001:db9::5' }));
  assert.ok(holds('IpAddress', '2001:DB8:0:0:0:0:0:1/128', { k: '2001:db8::1' }));
  assert.ok(holds('IpAddress', '10.0.0.0/9', { k: '10.127.255.255' }));
  assert.ok(!holds('IpAddress', '10.0.0.0/9', { k: '10.128.0.0' }));
  assert.ok(!holds('IpAddress', '10.0.0.0/8', { k: 'garbage' }));
  assert.ok(!holds('IpAddress', '10.0.0.0/8', { k: '2001:db8::1' }), 'families never match each other');
  assert.ok(holds('NotIpAddress', '10.0.0.0/8', { k: '192.168.1.1' }));
  assert.ok(!holds('NotIpAddress', '10.0.0.0/8', { k: '10.0.0.1' }));
  for (const bad of ['10.0.0.0/33', '256.0.0.1', '10.0.0', '1::2::3', 'x/8', '10.0.0.0/', '2001:db8::/129']) {
    assert.throws(() => holds('IpAddress', bad, {}), PolicyError, bad);
  }
});

test('Arn operators compare part by part', () => {
  const role = { k: 'arn:aws:iam::123456789012:role/ops/admin' };
  assert.ok(holds('ArnEquals', 'arn:aws:iam::123456789012:role/ops/admin', role));
  assert.ok(holds('ArnLike', 'arn:aws:iam::*:role/ops/*', role));
  assert.ok(holds('ArnEquals', 'arn:aws:iam::*:role/ops/*', role), 'ArnEquals takes wildcards as AWS does');
  assert.ok(!holds('ArnLike', 'arn:aws:iam::*:role/dev/*', role));
  assert.ok(!holds('ArnLike', 'arn:aws:*:role/ops/admin', role), 'a * never spans a colon-separated part');
  assert.ok(holds('ArnNotEquals', 'arn:aws:iam::1:role/x', role));
  assert.ok(!holds('ArnNotLike', 'arn:aws:iam::*:role/*', role));
  assert.ok(holds('ArnNotLike', 'arn:aws:iam::*:user/*', role));
  assert.ok(!holds('ArnLike', 'arn:aws:iam::*:role/*', { k: 'not an arn' }));
});

test('IfExists: true when the key is absent, the operator otherwise', () => {
  assert.ok(holds('StringEqualsIfExists', 'a', {}));
  assert.ok(holds('StringEqualsIfExists', 'a', { k: 'a' }));
  assert.ok(!holds('StringEqualsIfExists', 'a', { k: 'b' }));
  assert.ok(holds('NumericLessThanIfExists', '5', {}));
  assert.ok(!holds('NumericLessThanIfExists', '5', { k: '6' }));
  assert.ok(holds('IpAddressIfExists', '10.0.0.0/8', {}));
  assert.ok(holds('BoolIfExists', 'true', {}));
  assert.ok(!holds('BoolIfExists', 'true', { k: 'false' }));
  assert.ok(holds('DateLessThanIfExists', '2020-01-01', {}));
  assert.ok(holds('ArnLikeIfExists', 'arn:*:*:*:*:*', {}));
  assert.ok(holds('StringNotLikeIfExists', 'x*', {}));
  assert.ok(holds('NullIfExists', 'true', {}));
});

test('ForAnyValue / ForAllValues over multi-valued keys', () => {
  const tags = { k: ['a', 'b'] };
  assert.ok(holds('ForAnyValue:StringEquals', ['b', 'z'], tags));
  assert.ok(!holds('ForAnyValue:StringEquals', ['y', 'z'], tags));
  assert.ok(!holds('ForAnyValue:StringEquals', ['a'], {}), 'ForAnyValue is false on a missing key');
  assert.ok(!holds('ForAnyValue:StringEquals', ['a'], { k: [] }), '...and on an empty set');
  assert.ok(holds('ForAllValues:StringEquals', ['a', 'b', 'c'], tags));
  assert.ok(!holds('ForAllValues:StringEquals', ['a'], tags));
  assert.ok(holds('ForAllValues:StringEquals', ['a'], {}), 'ForAllValues is true on a missing key');
  assert.ok(holds('ForAllValues:StringEquals', ['a'], { k: [] }), '...and on an empty set');
  assert.ok(holds('ForAnyValue:StringNotEquals', ['a'], tags), 'b is not a');
  assert.ok(!holds('ForAllValues:StringNotEquals', ['a'], tags));
  assert.ok(holds('ForAllValues:StringNotEquals', ['z'], tags));
  assert.ok(holds('ForAnyValue:StringLike', ['b*'], { k: ['abc', 'bcd'] }));
  assert.ok(holds('ForAllValues:StringLikeIfExists', ['x*'], {}));
  assert.ok(holds('ForAnyValue:StringEqualsIfExists', ['x'], {}), 'IfExists wins on a missing key');
  // Without a set prefix: a positive operator needs one value to match, a negated one none.
  assert.ok(holds('StringEquals', 'a', tags));
  assert.ok(!holds('StringNotEquals', 'a', tags));
  assert.ok(holds('StringNotEquals', 'z', tags));
  assert.ok(holds('forallvalues:stringequals', ['a', 'b'], tags), 'prefixes are case-insensitive here');
});

test('malformed condition blocks are PolicyErrors naming the operator and key', () => {
  const bad: unknown[] = [
    'x',
    [],
    { StringEquals: 'x' },
    { StringEquals: { k: [] } },
    { StringEquals: { k: null } },
    { StringEquals: { k: { nested: 1 } } },
    { StringEquals: { k: [['a']] } },
    { StringEquals: { '': 'a' } },
    { StringEqualz: { k: 'a' } },
    { 'ForSomeValues:StringEquals': { k: 'a' } },
    { StringEqualsIfExistsIfExists: { k: 'a' } },
  ];
  for (const block of bad) {
    assert.throws(
      () => compileCondition(block, 'Statement[0].Condition', true),
      (err: unknown) => {
        assert.ok(err instanceof PolicyError, String(err));
        assert.match(err.message, /^Statement\[0\]\.Condition/);
        return true;
      },
    );
  }
});
