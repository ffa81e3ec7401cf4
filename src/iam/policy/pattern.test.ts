import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyError } from './errors.js';
import { Pattern } from './pattern.js';

const facts = new Map<string, readonly string[]>([
  ['aws:username', ['alice']],
  ['aws:principaltag/team', ['ml']],
  ['aws:multi', ['a', 'b']],
]);
const none = new Map<string, readonly string[]>();
const res = (s: string, variables = true): Pattern => Pattern.compile(s, 'R', { wildcards: true, variables, ignoreCase: false });

test('wildcards: * any run (also empty, also across /), ? exactly one character', () => {
  assert.ok(res('arn:aws:s3:::b/*').matches('arn:aws:s3:::b/x/y', none));
  assert.ok(res('arn:aws:s3:::b/*').matches('arn:aws:s3:::b/', none));
  assert.ok(!res('arn:aws:s3:::b/*').matches('arn:aws:s3:::b', none), 'bucket/* must not match the bucket');
  assert.ok(res('a?c').matches('abc', none));
  assert.ok(!res('a?c').matches('ac', none));
  assert.ok(!res('a?c').matches('abbc', none));
  assert.ok(res('*a*b*c*').matches('xxaxxbxxcxx', none));
  assert.ok(!res('*a*b*c*').matches('xxcxxbxxaxx', none));
  assert.ok(res('*').matches('', none));
  assert.ok(res('*').matchesAll);
  assert.ok(!res('x').matches('X', none), 'resources are case-sensitive');
  // A long adversarial case stays linear-ish and correct.
  assert.ok(!res('*a*a*a*a*a*b').matches('a'.repeat(5000), none));
});

test('actions compare case-insensitively', () => {
  const action = Pattern.compile('s3:Get*', 'A', { wildcards: true, variables: false, ignoreCase: true });
  assert.ok(action.matches('S3:getobject', none));
  assert.ok(action.matches('s3:GetObjectTagging', none));
  assert.ok(!action.matches('s3:PutObject', none));
});

test('policy variables resolve from the request; a missing one matches nothing', () => {
  const home = res('arn:aws:s3:::b/home/${aws:username}/*');
  assert.ok(home.matches('arn:aws:s3:::b/home/alice/f', facts));
  assert.ok(!home.matches('arn:aws:s3:::b/home/bob/f', facts));
  assert.ok(!home.matches('arn:aws:s3:::b/home//f', none));
  assert.ok(!res('*${aws:username}*').matches('alice', none), 'even with wildcards around it');
  assert.ok(res('${AWS:UserName}').matches('alice', facts), 'keys are case-insensitive');
  assert.ok(res('t/${aws:PrincipalTag/team}').matches('t/ml', facts));
  assert.ok(!res('${aws:multi}').matches('a', facts), 'a multi-valued key is no variable');
  // A value is literal text, never a wildcard.
  const starUser = new Map([['aws:username', ['*']]]);
  assert.ok(!res('h/${aws:username}').matches('h/bob', starUser));
  assert.ok(res('h/${aws:username}').matches('h/*', starUser));
  assert.ok(!res('h/${aws:username}/*').matches('h/bob/x', starUser), 'nor in a prefix');
  assert.ok(res('h/${aws:username}/*').matches('h/*/x', starUser));
  assert.ok(!res('h/${aws:username}/?/*').matches('h/bob/1/x', starUser), 'nor in a glob');
  assert.ok(res('h/${aws:username}/?/*').matches('h/*/1/x', starUser));
  assert.ok(!res('a${*}b*').matches('axbc', none), 'an escaped * in a prefix is literal');
  assert.ok(res('a${*}b*').matches('a*bc', none));
});

test('defaults and escapes', () => {
  assert.ok(res("t/${aws:PrincipalTag/dept, 'none'}").matches('t/none', facts));
  assert.ok(res("t/${aws:username, 'none'}").matches('t/alice', facts));
  assert.ok(res('a${*}b').matches('a*b', none));
  assert.ok(!res('a${*}b').matches('axb', none));
  assert.ok(res('a${?}').matches('a?', none));
  assert.ok(!res('a${?}').matches('ax', none));
  assert.ok(res('${$}x').matches('$x', none));
  assert.equal(res('a${*}b').resolveText(none), 'a*b');
});

test('in Version 2008-10-17 ${…} is literal text', () => {
  assert.ok(res('h/${aws:username}', false).matches('h/${aws:username}', facts));
  assert.ok(!res('h/${aws:username}', false).matches('h/alice', facts));
});

test('bad variables are PolicyErrors', () => {
  assert.throws(() => res('${}'), PolicyError);
  assert.throws(() => res('${a b}'), PolicyError);
  assert.throws(() => res('${a, b}'), PolicyError);
});
