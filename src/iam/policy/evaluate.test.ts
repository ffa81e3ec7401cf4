import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, parsePolicy, type CompiledPolicy, type RequestPrincipal } from './index.js';

const ACCOUNT = '123456789012';
const alice: RequestPrincipal = { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT };
const root: RequestPrincipal = { type: 'root', arn: `arn:aws:iam::${ACCOUNT}:root`, account: ACCOUNT };
const anon: RequestPrincipal = { type: 'anonymous', arn: '', account: '' };
const session: RequestPrincipal = {
  type: 'role',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/reader/job-1`,
  account: ACCOUNT,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/reader`,
};

const policy = (kind: 'identity' | 'resource' | 'session', ...statements: object[]): CompiledPolicy =>
  parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), kind);
const allow = (action: string, resource: string, extra: object = {}): object => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});
const deny = (action: string, resource: string, extra: object = {}): object => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
  ...extra,
});

function decide(
  principal: RequestPrincipal,
  action: string,
  resource: string,
  sets: {
    identity?: CompiledPolicy[];
    resource?: CompiledPolicy;
    sessionPolicies?: CompiledPolicy[];
    permissionsBoundary?: CompiledPolicy;
  },
  conditions: Record<string, string> = {},
): string {
  return evaluate({
    request: { principal, action, resource, conditions: new Map(Object.entries(conditions).map(([k, v]) => [k, [v]])) },
    identity: sets.identity ?? [],
    ...sets,
  }).decision;
}

const OBJ = 'arn:aws:s3:::data/a.txt';

test('nothing allows: ImplicitDeny; an identity Allow allows; actions case-insensitive', () => {
  assert.equal(decide(alice, 's3:GetObject', OBJ, {}), 'ImplicitDeny');
  const id = [policy('identity', allow('s3:GetObject', 'arn:aws:s3:::data/*'))];
  assert.equal(decide(alice, 's3:GetObject', OBJ, { identity: id }), 'Allow');
  assert.equal(decide(alice, 'S3:getobject', OBJ, { identity: id }), 'Allow');
  assert.equal(decide(alice, 's3:PutObject', OBJ, { identity: id }), 'ImplicitDeny');
  assert.equal(decide(alice, 's3:ListBucket', 'arn:aws:s3:::data', { identity: id }), 'ImplicitDeny', 'bucket/* is not the bucket');
});

test('NotAction and NotResource', () => {
  const id = [policy('identity', { Effect: 'Allow', NotAction: 's3:Delete*', NotResource: 'arn:aws:s3:::secret/*' })];
  assert.equal(decide(alice, 's3:GetObject', OBJ, { identity: id }), 'Allow');
  assert.equal(decide(alice, 's3:DeleteObject', OBJ, { identity: id }), 'ImplicitDeny');
  assert.equal(decide(alice, 's3:GetObject', 'arn:aws:s3:::secret/x', { identity: id }), 'ImplicitDeny');
});

test('explicit Deny wins wherever it is, and names its statement', () => {
  const id = [policy('identity', allow('s3:*', '*')), policy('identity', { Sid: 'NoDelete', ...deny('s3:DeleteObject', '*') })];
  const d = evaluate({
    request: { principal: alice, action: 's3:DeleteObject', resource: OBJ, conditions: new Map() },
    identity: id,
  });
  assert.deepEqual(d, { decision: 'ExplicitDeny', statement: { source: 'identity', policyIndex: 1, statementIndex: 0, sid: 'NoDelete' } });
  const bucketDeny = policy('resource', { ...deny('s3:*', '*'), Principal: '*' });
  assert.equal(decide(alice, 's3:GetObject', OBJ, { identity: id, resource: bucketDeny }), 'ExplicitDeny');
  assert.equal(decide(root, 's3:GetObject', OBJ, { resource: bucketDeny }), 'ExplicitDeny', 'a bucket policy can deny even root');
  assert.equal(
    decide(alice, 's3:GetObject', OBJ, { identity: id, permissionsBoundary: policy('identity', deny('s3:*', '*'), allow('*', '*')) }),
    'ExplicitDeny',
  );
  assert.equal(
    decide(alice, 's3:GetObject', OBJ, { identity: id, sessionPolicies: [policy('session', deny('s3:Get*', '*'))] }),
    'ExplicitDeny',
  );
});

test('root is allowed unless explicitly denied', () => {
  assert.equal(decide(root, 's3:DeleteBucket', 'arn:aws:s3:::data', {}), 'Allow');
});

test('identity OR resource policy allows (same account)', () => {
  const bucket = policy('resource', allow('s3:GetObject', 'arn:aws:s3:::data/*', { Principal: { AWS: alice.arn } }));
  assert.equal(decide(alice, 's3:GetObject', OBJ, { resource: bucket }), 'Allow');
  const bob: RequestPrincipal = { ...alice, arn: `arn:aws:iam::${ACCOUNT}:user/bob` };
  assert.equal(decide(bob, 's3:GetObject', OBJ, { resource: bucket }), 'ImplicitDeny');
  // Naming the account delegates to it: its users still need identity policies.
  const toAccount = policy('resource', allow('s3:GetObject', '*', { Principal: { AWS: ACCOUNT } }));
  assert.equal(decide(alice, 's3:GetObject', OBJ, { resource: toAccount }), 'ImplicitDeny');
  const denyAccount = policy('resource', deny('s3:GetObject', '*', { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }));
  assert.equal(
    decide(alice, 's3:GetObject', OBJ, { resource: denyAccount, identity: [policy('identity', allow('*', '*'))] }),
    'ExplicitDeny',
  );
});

test('anonymous: only a resource policy naming "*" allows', () => {
  const everyone = policy('resource', allow('s3:GetObject', 'arn:aws:s3:::data/*', { Principal: '*' }));
  const awsStar = policy('resource', allow('s3:GetObject', 'arn:aws:s3:::data/*', { Principal: { AWS: '*' } }));
  const aliceOnly = policy('resource', allow('s3:GetObject', 'arn:aws:s3:::data/*', { Principal: { AWS: alice.arn } }));
  assert.equal(decide(anon, 's3:GetObject', OBJ, { resource: everyone }), 'Allow');
  assert.equal(decide(anon, 's3:GetObject', OBJ, { resource: awsStar }), 'Allow', '{"AWS":"*"} is "*" in AWS');
  assert.equal(decide(anon, 's3:GetObject', OBJ, { resource: aliceOnly }), 'ImplicitDeny');
  assert.equal(decide(anon, 's3:GetObject', OBJ, { identity: [policy('identity', allow('*', '*'))] }), 'ImplicitDeny');
  assert.equal(decide(anon, 's3:PutObject', OBJ, { resource: everyone }), 'ImplicitDeny');
});

test('NotPrincipal: everyone except those listed', () => {
  const bucket = policy('resource', deny('s3:*', '*', { NotPrincipal: { AWS: [alice.arn] } }));
  const everything = [policy('identity', allow('*', '*'))];
  assert.equal(decide(alice, 's3:GetObject', OBJ, { resource: bucket, identity: everything }), 'Allow');
  assert.equal(
    decide({ ...alice, arn: `arn:aws:iam::${ACCOUNT}:user/bob` }, 's3:GetObject', OBJ, { resource: bucket, identity: everything }),
    'ExplicitDeny',
  );
  assert.equal(decide(anon, 's3:GetObject', OBJ, { resource: bucket }), 'ExplicitDeny');
});

test('a permissions boundary narrows identity policies but not a resource policy naming the user', () => {
  const everything = [policy('identity', allow('s3:*', '*'))];
  const readOnly = policy('identity', allow('s3:Get*', '*'));
  assert.equal(decide(alice, 's3:GetObject', OBJ, { identity: everything, permissionsBoundary: readOnly }), 'Allow');
  const narrowed = evaluate({
    request: { principal: alice, action: 's3:PutObject', resource: OBJ, conditions: new Map() },
    identity: everything,
    permissionsBoundary: readOnly,
  });
  assert.equal(narrowed.decision, 'ImplicitDeny');
  assert.equal(narrowed.narrowedBy, 'boundary');
  assert.equal(decide(alice, 's3:GetObject', OBJ, { permissionsBoundary: readOnly }), 'ImplicitDeny', 'a boundary grants nothing');
  const toAlice = policy('resource', allow('s3:PutObject', '*', { Principal: { AWS: alice.arn } }));
  assert.equal(decide(alice, 's3:PutObject', OBJ, { resource: toAlice, permissionsBoundary: readOnly }), 'Allow');
  const toEveryone = policy('resource', allow('s3:PutObject', '*', { Principal: '*' }));
  assert.equal(decide(alice, 's3:PutObject', OBJ, { resource: toEveryone, permissionsBoundary: readOnly }), 'ImplicitDeny');
});

test('session policies narrow a role session; a resource policy naming the session ARN is not narrowed, one naming the role is', () => {
  const roleAll = [policy('identity', allow('s3:*', '*'))];
  const readOnly = [policy('session', allow('s3:GetObject', '*')), policy('session', allow('s3:ListBucket', '*'))];
  assert.equal(decide(session, 's3:GetObject', OBJ, { identity: roleAll, sessionPolicies: readOnly }), 'Allow');
  assert.equal(
    decide(session, 's3:ListBucket', 'arn:aws:s3:::data', { identity: roleAll, sessionPolicies: readOnly }),
    'Allow',
    'session policies combine',
  );
  assert.equal(decide(session, 's3:PutObject', OBJ, { identity: roleAll, sessionPolicies: readOnly }), 'ImplicitDeny');
  assert.equal(
    decide(session, 's3:PutObject', OBJ, { identity: roleAll, sessionPolicies: [] }),
    'Allow',
    'no session policy: no narrowing',
  );
  const toSession = policy('resource', allow('s3:PutObject', '*', { Principal: { AWS: session.arn } }));
  assert.equal(decide(session, 's3:PutObject', OBJ, { resource: toSession, sessionPolicies: readOnly }), 'Allow');
  const toRole = policy('resource', allow('s3:PutObject', '*', { Principal: { AWS: session.roleArn } }));
  assert.equal(decide(session, 's3:PutObject', OBJ, { resource: toRole }), 'Allow');
  assert.equal(decide(session, 's3:PutObject', OBJ, { resource: toRole, sessionPolicies: readOnly }), 'ImplicitDeny');
});

test('the action index: exact, wildcard and NotAction statements all apply, and the earliest decides', () => {
  const p = policy(
    'identity',
    { Sid: 'Wild', ...allow('s3:Get*', 'arn:aws:s3:::other/*') },
    { Sid: 'Exact', ...allow('S3:GETOBJECT', 'arn:aws:s3:::data/*') },
    { Sid: 'Not', Effect: 'Allow', NotAction: ['s3:PutObject', 's3:GetObject'], Resource: '*' },
    { Sid: 'DenyWild', ...deny('s3:Delete*', 'arn:aws:s3:::data/keep/*') },
    { Sid: 'DenyExact', ...deny('s3:DeleteObject', 'arn:aws:s3:::data/*') },
  );
  const run = (action: string, resource: string): unknown => {
    const d = evaluate({ request: { principal: alice, action, resource, conditions: new Map() }, identity: [p] });
    return [d.decision, d.statement?.sid];
  };
  assert.deepEqual(run('s3:GetObject', OBJ), ['Allow', 'Exact']);
  assert.deepEqual(run('s3:getobject', 'arn:aws:s3:::other/x'), ['Allow', 'Wild']);
  assert.deepEqual(run('s3:ListBucket', 'arn:aws:s3:::data'), ['Allow', 'Not']);
  assert.deepEqual(run('s3:PutObject', OBJ), ['ImplicitDeny', undefined]);
  assert.deepEqual(run('s3:DeleteObject', 'arn:aws:s3:::data/keep/x'), ['ExplicitDeny', 'DenyWild']);
  assert.deepEqual(run('s3:DeleteObject', 'arn:aws:s3:::data/x'), ['ExplicitDeny', 'DenyExact']);
});
