// Policies written after the examples in AWS's IAM and S3 documentation
// ("Amazon S3: Allows read and write access to objects in an S3 bucket",
// "…home directory" with ${aws:username}, aws:SecureTransport, aws:SourceIp,
// MFA, public-read bucket policy), evaluated as AWS describes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, parsePolicy, type CompiledPolicy, type RequestPrincipal } from './index.js';

const ACCOUNT = '111122223333';
const alice: RequestPrincipal = { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT };
const anon: RequestPrincipal = { type: 'anonymous', arn: '', account: '' };

function decide(
  principal: RequestPrincipal,
  action: string,
  resource: string,
  sets: { identity?: CompiledPolicy[]; resource?: CompiledPolicy },
  conditions: Record<string, string | string[]> = {},
): string {
  const facts = new Map<string, readonly string[]>(
    Object.entries(conditions).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v : [v]]),
  );
  return evaluate({ request: { principal, action, resource, conditions: facts }, identity: sets.identity ?? [], ...sets }).decision;
}

test('read-only access to one bucket', () => {
  const p = parsePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ListObjectsInBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::amzn-s3-demo-bucket'] },
        {
          Sid: 'ReadObjects',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: ['arn:aws:s3:::amzn-s3-demo-bucket/*'],
        },
      ],
    }),
    'identity',
  );
  const id = { identity: [p] };
  assert.equal(decide(alice, 's3:ListBucket', 'arn:aws:s3:::amzn-s3-demo-bucket', id), 'Allow');
  assert.equal(decide(alice, 's3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/k', id), 'Allow');
  assert.equal(decide(alice, 's3:PutObject', 'arn:aws:s3:::amzn-s3-demo-bucket/k', id), 'ImplicitDeny');
  assert.equal(decide(alice, 's3:GetObject', 'arn:aws:s3:::other/k', id), 'ImplicitDeny');
  assert.equal(decide(alice, 's3:ListBucket', 'arn:aws:s3:::amzn-s3-demo-bucket-2', id), 'ImplicitDeny');
});

test('home folder with ${aws:username}', () => {
  const p = parsePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowListingOfUserFolder',
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: 'arn:aws:s3:::amzn-s3-demo-bucket',
          Condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } },
        },
        {
          Sid: 'AllowAllS3ActionsInUserFolder',
          Effect: 'Allow',
          Action: 's3:*Object',
          Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*',
        },
      ],
    }),
    'identity',
  );
  const id = { identity: [p] };
  const me = { 'aws:username': 'alice' };
  assert.equal(decide(alice, 's3:PutObject', 'arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt', id, me), 'Allow');
  assert.equal(decide(alice, 's3:DeleteObject', 'arn:aws:s3:::amzn-s3-demo-bucket/home/alice/a/b', id, me), 'Allow');
  assert.equal(decide(alice, 's3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/home/bob/notes.txt', id, me), 'ImplicitDeny');
  assert.equal(decide(alice, 's3:ListBucket', 'arn:aws:s3:::amzn-s3-demo-bucket', id, { ...me, 's3:prefix': 'home/alice/x' }), 'Allow');
  assert.equal(decide(alice, 's3:ListBucket', 'arn:aws:s3:::amzn-s3-demo-bucket', id, { ...me, 's3:prefix': '' }), 'Allow');
  assert.equal(decide(alice, 's3:ListBucket', 'arn:aws:s3:::amzn-s3-demo-bucket', id, { ...me, 's3:prefix': 'home/bob/' }), 'ImplicitDeny');
  assert.equal(decide(alice, 's3:ListBucket', 'arn:aws:s3:::amzn-s3-demo-bucket', id, me), 'ImplicitDeny', 'no prefix: StringLike fails');
  assert.equal(decide(alice, 's3:PutObject', 'arn:aws:s3:::amzn-s3-demo-bucket/home//x', id, {}), 'ImplicitDeny', 'no username: nothing');
});

const everyoneReads = (extra: object[] = []): CompiledPolicy =>
  parsePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'PublicRead',
          Effect: 'Allow',
          Principal: '*',
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: ['arn:aws:s3:::public-data/*'],
        },
        ...extra,
      ],
    }),
    'resource',
  );

test('public-read bucket policy', () => {
  const bucket = { resource: everyoneReads() };
  assert.equal(decide(anon, 's3:GetObject', 'arn:aws:s3:::public-data/x.csv', bucket), 'Allow');
  assert.equal(decide(anon, 's3:PutObject', 'arn:aws:s3:::public-data/x.csv', bucket), 'ImplicitDeny');
  assert.equal(decide(anon, 's3:ListBucket', 'arn:aws:s3:::public-data', bucket), 'ImplicitDeny');
});

test('deny requests that do not use TLS (aws:SecureTransport)', () => {
  const bucket = {
    resource: everyoneReads([
      {
        Sid: 'AllowSSLRequestsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::public-data', 'arn:aws:s3:::public-data/*'],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]),
  };
  const obj = 'arn:aws:s3:::public-data/x';
  assert.equal(decide(anon, 's3:GetObject', obj, bucket, { 'aws:SecureTransport': 'true' }), 'Allow');
  assert.equal(decide(anon, 's3:GetObject', obj, bucket, { 'aws:SecureTransport': 'false' }), 'ExplicitDeny');
  assert.equal(
    decide(
      alice,
      's3:PutObject',
      obj,
      {
        ...bucket,
        identity: [parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}', 'identity')],
      },
      { 'aws:SecureTransport': 'false' },
    ),
    'ExplicitDeny',
  );
});

test('IP-restricted bucket policy (deny outside a range, IPv4 and IPv6)', () => {
  const bucket = {
    resource: everyoneReads([
      {
        Sid: 'IPAllow',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::public-data', 'arn:aws:s3:::public-data/*'],
        Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:DB8:1234:5678::/64'] } },
      },
    ]),
  };
  const obj = 'arn:aws:s3:::public-data/x';
  assert.equal(decide(anon, 's3:GetObject', obj, bucket, { 'aws:SourceIp': '192.0.2.10' }), 'Allow');
  assert.equal(decide(anon, 's3:GetObject', obj, bucket, { 'aws:SourceIp': '2001:db8:1234:5678::1' }), 'Allow');
  assert.equal(decide(anon, 's3:GetObject', obj, bucket, { 'aws:SourceIp': '198.51.100.1' }), 'ExplicitDeny');
  assert.equal(decide(anon, 's3:GetObject', obj, bucket, {}), 'ExplicitDeny', 'no source IP: NotIpAddress holds');
});

test('deny everything without MFA (BoolIfExists on aws:MultiFactorAuthPresent)', () => {
  const p = parsePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        {
          Sid: 'DenyAllExceptListedIfNoMFA',
          Effect: 'Deny',
          NotAction: ['iam:ChangePassword', 'sts:GetSessionToken'],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ],
    }),
    'identity',
  );
  const id = { identity: [p] };
  assert.equal(decide(alice, 's3:GetObject', 'arn:aws:s3:::b/k', id, { 'aws:MultiFactorAuthPresent': 'true' }), 'Allow');
  assert.equal(decide(alice, 's3:GetObject', 'arn:aws:s3:::b/k', id, { 'aws:MultiFactorAuthPresent': 'false' }), 'ExplicitDeny');
  assert.equal(decide(alice, 's3:GetObject', 'arn:aws:s3:::b/k', id, {}), 'ExplicitDeny', 'long-term keys carry no MFA key at all');
  assert.equal(decide(alice, 'sts:GetSessionToken', '*', id, {}), 'ImplicitDeny', 'exempted from the deny, and not allowed');
});

test('tag-based access: aws:PrincipalTag in a variable, ForAllValues on request tags', () => {
  const p = parsePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::teams/${aws:PrincipalTag/team}/*' },
        {
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::teams/*',
          Condition: {
            'ForAllValues:StringEquals': { 'aws:TagKeys': ['project', 'owner'] },
            StringEquals: { 's3:x-amz-server-side-encryption': 'AES256' },
          },
        },
      ],
    }),
    'identity',
  );
  const id = { identity: [p] };
  assert.equal(decide(alice, 's3:GetObject', 'arn:aws:s3:::teams/ml/x', id, { 'aws:PrincipalTag/team': 'ml' }), 'Allow');
  assert.equal(decide(alice, 's3:GetObject', 'arn:aws:s3:::teams/web/x', id, { 'aws:PrincipalTag/team': 'ml' }), 'ImplicitDeny');
  const sse = { 's3:x-amz-server-side-encryption': 'AES256' };
  assert.equal(decide(alice, 's3:PutObject', 'arn:aws:s3:::teams/x', id, { ...sse, 'aws:TagKeys': ['project'] }), 'Allow');
  assert.equal(decide(alice, 's3:PutObject', 'arn:aws:s3:::teams/x', id, { ...sse, 'aws:TagKeys': ['project', 'cost'] }), 'ImplicitDeny');
  assert.equal(decide(alice, 's3:PutObject', 'arn:aws:s3:::teams/x', id, sse), 'Allow', 'no tags: ForAllValues holds');
  assert.equal(decide(alice, 's3:PutObject', 'arn:aws:s3:::teams/x', id, {}), 'ImplicitDeny');
});

test('time window with aws:CurrentTime', () => {
  const p = parsePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: {
          DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
          DateLessThan: { 'aws:CurrentTime': '2026-06-30T23:59:59Z' },
        },
      },
    }),
    'identity',
  );
  assert.equal(
    decide(alice, 's3:GetObject', 'arn:aws:s3:::b/k', { identity: [p] }, { 'aws:CurrentTime': '2026-03-01T12:00:00Z' }),
    'Allow',
  );
  assert.equal(
    decide(alice, 's3:GetObject', 'arn:aws:s3:::b/k', { identity: [p] }, { 'aws:CurrentTime': '2026-07-01T00:00:00Z' }),
    'ImplicitDeny',
  );
});
