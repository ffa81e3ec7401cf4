import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyError, parsePolicy, type PolicyKind } from './index.js';

const stmt = (s: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [s], ...extra });
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

function refused(json: string, kind: PolicyKind, where: RegExp): void {
  assert.throws(
    () => parsePolicy(json, kind),
    (err: unknown) => {
      assert.ok(err instanceof PolicyError, `not a PolicyError: ${String(err)}`);
      assert.equal(err.code, 'MalformedPolicyDocument');
      assert.match(err.message, where);
      return true;
    },
  );
}

test('a valid identity policy compiles, Statement as object or array', () => {
  const p = parsePolicy(stmt(ok), 'identity');
  assert.equal(p.statements.length, 1);
  assert.equal(p.version, '2012-10-17');
  const single = parsePolicy(JSON.stringify({ Version: '2008-10-17', Statement: ok }), 'identity');
  assert.equal(single.statements[0]?.effect, 'Allow');
  assert.equal(parsePolicy(JSON.stringify({ Statement: ok }), 'identity').version, '2008-10-17');
});

test('document-level rules', () => {
  refused('not json', 'identity', /not valid JSON/);
  refused('[]', 'identity', /must be a JSON object/);
  refused(JSON.stringify({ Version: '2012-10-17' }), 'identity', /no Statement/);
  refused(JSON.stringify({ Version: '2012-10-17', Statement: [] }), 'identity', /^Statement: /);
  refused(stmt(ok, { Version: '2020-01-01' }), 'identity', /^Version: /);
  refused(stmt(ok, { Extra: 1 }), 'identity', /unknown policy element "Extra"/);
  refused(stmt(ok, { Id: 5 }), 'identity', /^Id: /);
});

test('statement rules, each naming where', () => {
  const two = (s: Record<string, unknown>): string => JSON.stringify({ Version: '2012-10-17', Statement: [ok, ok, s] });
  const okR = { ...ok, Principal: '*' };
  const twoR = (s: Record<string, unknown>): string => JSON.stringify({ Version: '2012-10-17', Statement: [okR, okR, s] });
  refused(two({ ...ok, Effect: 'allow' }), 'identity', /^Statement\[2\]\.Effect: /);
  refused(two({ ...ok, Sid: 3 }), 'identity', /^Statement\[2\]\.Sid: /);
  refused(two({ ...ok, Foo: 1 }), 'identity', /^Statement\[2\]: unknown statement element "Foo"/);
  refused(two({ Effect: 'Allow', Resource: '*' }), 'identity', /^Statement\[2\]: needs Action or NotAction/);
  refused(two({ ...ok, NotAction: 's3:*' }), 'identity', /both Action and NotAction/);
  refused(two({ Effect: 'Allow', Action: '*' }), 'identity', /needs Resource or NotResource/);
  refused(two({ ...ok, NotResource: '*' }), 'identity', /both Resource and NotResource/);
  refused(two({ ...ok, Action: 'GetObject' }), 'identity', /^Statement\[2\]\.Action: "GetObject" is not/);
  refused(two({ ...ok, Action: [] }), 'identity', /^Statement\[2\]\.Action: needs at least one/);
  refused(two({ ...ok, Action: [1] }), 'identity', /non-empty strings/);
  refused(two({ ...ok, Resource: 'bucket/*' }), 'identity', /^Statement\[2\]\.Resource: /);
  refused(two({ ...ok, Principal: '*' }), 'identity', /identity policy takes no Principal/);
  refused(two({ ...ok, Principal: '*' }), 'session', /session policy takes no Principal/);
  refused(twoR(ok), 'resource', /^Statement\[2\]: a resource policy needs Principal/);
  refused(twoR({ ...ok, Principal: '*', NotPrincipal: '*' }), 'resource', /both Principal and NotPrincipal/);
  refused(twoR({ ...ok, Principal: { Bogus: 'x' } }), 'resource', /^Statement\[2\]\.Principal\.Bogus: /);
  refused(twoR({ ...ok, Principal: { AWS: 'alice' } }), 'resource', /not an ARN/);
  refused(
    twoR({ ...ok, Principal: { AWS: 'arn:aws:iam::123456789012:user/*' } }),
    'resource',
    /^Statement\[2\]\.Principal\.AWS: .*no wildcards/,
  );
  refused(twoR({ ...ok, Principal: 'someone' }), 'resource', /^Statement\[2\]\.Principal: /);
  refused(stmt({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust', /trust policy needs Principal/);
  refused(stmt({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*', Resource: '*' }), 'trust', /takes no Resource/);
  refused(two({ ...ok, Condition: 'x' }), 'identity', /^Statement\[2\]\.Condition: /);
  refused(
    two({ ...ok, Condition: { StringFoo: { k: 'v' } } }),
    'identity',
    /^Statement\[2\]\.Condition\.StringFoo: unknown condition operator/,
  );
  refused(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { ...ok, Sid: 'A' },
        { ...ok, Sid: 'A' },
      ],
    }),
    'identity',
    /duplicate Sid/,
  );
  refused(two({ ...ok, Resource: 'arn:aws:s3:::b/${aws:username' }), 'identity', /unterminated policy variable/);
  refused(two({ ...ok, Resource: 'arn:aws:s3:::b/${aws:username, x}' }), 'identity', /bad default/);
});

test('trust policies take Principal and no Resource', () => {
  const p = parsePolicy(stmt({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'trust');
  assert.equal(p.statements[0]?.resource, undefined);
});

test('size limits by kind, and the maxBytes option', () => {
  const pad = (n: number): string => stmt({ ...ok, Sid: 'x'.repeat(n) });
  assert.doesNotThrow(() => parsePolicy(pad(5000), 'identity'));
  refused(pad(7000), 'identity', /larger than the limit of 6144/);
  // An inline user policy's 2,048 comes with the option:
  assert.doesNotThrow(() => parsePolicy(pad(2000), 'identity'));
  assert.throws(() => parsePolicy(pad(2000), 'identity', { maxBytes: 2048 }), PolicyError);
  refused(pad(2100), 'trust', /limit of 2048/);
  assert.doesNotThrow(() => parsePolicy(stmt({ ...ok, Principal: '*', Sid: 'x'.repeat(19000) }), 'resource'));
  refused(stmt({ ...ok, Principal: '*', Sid: 'x'.repeat(21000) }), 'resource', /limit of 20480/);
  // IAM does not count white space toward the quota.
  const spaced = pad(5000).replaceAll(',', ',' + ' '.repeat(400));
  assert.ok(spaced.length > 6144);
  assert.doesNotThrow(() => parsePolicy(spaced, 'identity'));
});
