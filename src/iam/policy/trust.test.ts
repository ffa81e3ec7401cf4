import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTrust, parsePolicy, type CompiledPolicy, type RequestPrincipal } from './index.js';

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/r`;
const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/idp.example`;
const alice: RequestPrincipal = { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT };
const bob: RequestPrincipal = { ...alice, arn: `arn:aws:iam::${ACCOUNT}:user/bob` };

const trustOf = (...statements: object[]): CompiledPolicy =>
  parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'trust');
const identity = (...statements: object[]): CompiledPolicy =>
  parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'identity');
const mayAssume = identity({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE });

function decide(
  principal: RequestPrincipal,
  action: string,
  trust: CompiledPolicy,
  ids: CompiledPolicy[] = [],
  conditions: Record<string, string> = {},
  boundary?: CompiledPolicy,
): string {
  return evaluateTrust({
    request: { principal, action, resource: ROLE, conditions: new Map(Object.entries(conditions).map(([k, v]) => [k, [v]])) },
    identity: ids,
    trust,
    ...(boundary === undefined ? {} : { permissionsBoundary: boundary }),
  }).decision;
}

test('services and web identities: the trust policy alone decides, conditions included', () => {
  const trust = trustOf(
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    {
      Effect: 'Allow',
      Principal: { Federated: OIDC },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'idp.example:aud': 'lode' } },
    },
  );
  const ec2: RequestPrincipal = { type: 'anonymous', arn: '', account: '', service: 'ec2.amazonaws.com' };
  const web: RequestPrincipal = { type: 'anonymous', arn: '', account: '', federated: OIDC };
  assert.equal(decide(ec2, 'sts:AssumeRole', trust), 'Allow');
  assert.equal(decide({ ...ec2, service: 'lambda.amazonaws.com' }, 'sts:AssumeRole', trust), 'ImplicitDeny');
  assert.equal(decide(web, 'sts:AssumeRoleWithWebIdentity', trust, [], { 'idp.example:aud': 'lode' }), 'Allow');
  assert.equal(decide(web, 'sts:AssumeRoleWithWebIdentity', trust, [], { 'idp.example:aud': 'other' }), 'ImplicitDeny');
  assert.equal(decide(web, 'sts:AssumeRole', trust), 'ImplicitDeny');
});

test('a trust policy naming the user is enough; naming the account needs the identity policy too', () => {
  const toAlice = trustOf({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' });
  assert.equal(decide(alice, 'sts:AssumeRole', toAlice), 'Allow');
  assert.equal(decide(bob, 'sts:AssumeRole', toAlice, [mayAssume]), 'ImplicitDeny', 'identity policies cannot stand in for trust');
  const toAccount = trustOf({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });
  assert.equal(decide(bob, 'sts:AssumeRole', toAccount), 'ImplicitDeny');
  assert.equal(decide(bob, 'sts:AssumeRole', toAccount, [mayAssume]), 'Allow');
  assert.equal(
    decide({ ...bob, account: '999999999999', arn: 'arn:aws:iam::999999999999:user/bob' }, 'sts:AssumeRole', toAccount, [mayAssume]),
    'ImplicitDeny',
  );
  const noAssume = identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
  assert.equal(decide(bob, 'sts:AssumeRole', toAccount, [mayAssume], {}, noAssume), 'ImplicitDeny', 'a boundary narrows the identity side');
});

test('an explicit Deny in the trust or identity policy wins', () => {
  const trust = trustOf(
    { Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' },
    { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  );
  assert.equal(decide(alice, 'sts:AssumeRole', trust, [], { 'aws:securetransport': 'true' }), 'Allow');
  assert.equal(decide(alice, 'sts:AssumeRole', trust, [], { 'aws:securetransport': 'false' }), 'ExplicitDeny');
  const denyAll = identity({ Effect: 'Deny', Action: 'sts:*', Resource: '*' });
  assert.equal(decide(alice, 'sts:AssumeRole', trust, [denyAll], { 'aws:securetransport': 'true' }), 'ExplicitDeny');
});
