// The mapping through the real policy engine: the ARNs it builds are the
// ones policies written for AWS match, and `bucket/*` never grants a
// bucket-level action (issue 12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, parsePolicy, type CompiledPolicy, type RequestPrincipal } from '../../iam/policy/index.js';
import type { Endpoint, OperationName } from '../router/index.js';
import { requiredChecks, type AuthorizationInput } from './index.js';

const ACCOUNT = '123456789012';
const alice: RequestPrincipal = { type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT };

const identity = (...statements: object[]): CompiledPolicy[] => [
  parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'identity'),
];
const ep = (operation: OperationName, bucket: string, key?: string, query = ''): Endpoint => {
  const e: Endpoint = { operation, bucket, query: new URLSearchParams(query) };
  if (key !== undefined) e.key = key;
  return e;
};

/** Allowed when every check of the request is allowed. */
function allowed(policies: CompiledPolicy[], input: AuthorizationInput): boolean {
  const { checks } = requiredChecks(input);
  assert.ok(checks.length > 0, 'nothing to check would allow anything');
  return checks.every(
    ({ action, resource }) =>
      evaluate({ request: { principal: alice, action, resource, conditions: new Map() }, identity: policies }).decision === 'Allow',
  );
}

test('s3:* on bucket/* allows object operations but no bucket-level one', () => {
  const objects = identity({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::data/*' });
  assert.equal(allowed(objects, { endpoint: ep('GetObject', 'data', 'k') }), true);
  assert.equal(allowed(objects, { endpoint: ep('PutObject', 'data', 'dir/k') }), true);
  assert.equal(allowed(objects, { endpoint: ep('AbortMultipartUpload', 'data', 'k', 'uploadId=u') }), true);
  const bucketLevel: OperationName[] = [
    'ListObjects',
    'ListObjectsV2',
    'ListObjectVersions',
    'ListMultipartUploads',
    'HeadBucket',
    'DeleteBucket',
    'GetBucketVersioning',
    'PutBucketVersioning',
    'GetBucketLifecycleConfiguration',
    'DeleteBucketLifecycle',
    'PutBucketTagging',
    'PutObjectLockConfiguration',
  ];
  for (const operation of bucketLevel) assert.equal(allowed(objects, { endpoint: ep(operation, 'data') }), false, operation);

  const bucket = identity({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::data' });
  for (const operation of bucketLevel) assert.equal(allowed(bucket, { endpoint: ep(operation, 'data') }), true, operation);
  assert.equal(allowed(bucket, { endpoint: ep('GetObject', 'data', 'k') }), false, 'the bucket ARN is not its objects');
});

test('read one bucket, write one prefix: copies need both sides', () => {
  const policies = identity(
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::src', 'arn:aws:s3:::src/*'] },
    { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::dst/incoming/*' },
  );
  const copy = (key: string, source: AuthorizationInput['copySource']): AuthorizationInput =>
    source === undefined ? { endpoint: ep('CopyObject', 'dst', key) } : { endpoint: ep('CopyObject', 'dst', key), copySource: source };
  assert.equal(allowed(policies, copy('incoming/a', { bucket: 'src', key: 'a' })), true);
  assert.equal(allowed(policies, copy('other/a', { bucket: 'src', key: 'a' })), false, 'destination outside the prefix');
  assert.equal(allowed(policies, copy('incoming/a', { bucket: 'dst', key: 'incoming/b' })), false, 'source not readable');
  assert.equal(allowed(policies, copy('incoming/a', { bucket: 'src', key: 'a', versionId: 'v' })), false, 'GetObjectVersion not granted');
  assert.equal(allowed(policies, { endpoint: ep('GetObject', 'src', 'a', 'versionId=v') }), false);
  assert.equal(allowed(policies, { endpoint: ep('ListObjectsV2', 'src', undefined, 'list-type=2') }), true);
});

test('a policy naming a key with spaces and unicode matches it verbatim', () => {
  const policies = identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/rapports 2024/été/*' });
  assert.equal(allowed(policies, { endpoint: ep('GetObject', 'data', 'rapports 2024/été/a.pdf') }), true);
  assert.equal(allowed(policies, { endpoint: ep('GetObject', 'data', 'rapports%202024/été/a.pdf') }), false);
});
