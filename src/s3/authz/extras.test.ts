import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoint, OperationName } from '../router/index.js';
import { requiredChecks, type HeaderLookup } from './index.js';

const ep = (operation: OperationName, bucket: string, key?: string, query = ''): Endpoint => {
  const e: Endpoint = { operation, bucket, query: new URLSearchParams(query) };
  if (key !== undefined) e.key = key;
  return e;
};
const hdrs =
  (h: Record<string, string>): HeaderLookup =>
  (name) =>
    h[name];
const actions = (endpoint: Endpoint, h: Record<string, string>): string[] =>
  requiredChecks({ endpoint, headers: hdrs(h), copySource: { bucket: 's', key: 'k' } }).checks.map((c) => c.action);

test('ACL, tagging and object-lock headers on writes add their actions on the same object', () => {
  for (const operation of ['PutObject', 'CreateMultipartUpload'] as const) {
    const e = ep(operation, 'data', 'k');
    assert.deepEqual(actions(e, {}), ['s3:PutObject']);
    assert.deepEqual(actions(e, { 'x-amz-acl': 'public-read' }), ['s3:PutObject', 's3:PutObjectAcl']);
    assert.deepEqual(actions(e, { 'x-amz-grant-read': 'id=abc' }), ['s3:PutObject', 's3:PutObjectAcl']);
    assert.deepEqual(actions(e, { 'x-amz-tagging': 'a=b' }), ['s3:PutObject', 's3:PutObjectTagging']);
    assert.deepEqual(
      actions(e, { 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': '2030-01-01T00:00:00Z' }),
      ['s3:PutObject', 's3:PutObjectRetention'],
    );
    assert.deepEqual(actions(e, { 'x-amz-object-lock-legal-hold': 'ON' }), ['s3:PutObject', 's3:PutObjectLegalHold']);
  }
  const resources = requiredChecks({ endpoint: ep('PutObject', 'data', 'a b'), headers: hdrs({ 'x-amz-acl': 'private' }) }).checks.map(
    (c) => c.resource,
  );
  assert.deepEqual(resources, ['arn:aws:s3:::data/a b', 'arn:aws:s3:::data/a b']);
});

test('CopyObject: tags need s3:PutObjectTagging only when replaced; extras come before the source read', () => {
  const e = ep('CopyObject', 'data', 'k');
  assert.deepEqual(actions(e, { 'x-amz-tagging': 'a=b' }), ['s3:PutObject', 's3:GetObject']);
  assert.deepEqual(actions(e, { 'x-amz-tagging': 'a=b', 'x-amz-tagging-directive': 'REPLACE' }), [
    's3:PutObject',
    's3:PutObjectTagging',
    's3:GetObject',
  ]);
  assert.deepEqual(actions(e, { 'x-amz-acl': 'private' }), ['s3:PutObject', 's3:PutObjectAcl', 's3:GetObject']);
  // UploadPartCopy sets nothing on the object: no extras.
  assert.deepEqual(actions(ep('UploadPartCopy', 'data', 'k', 'partNumber=1&uploadId=u'), { 'x-amz-acl': 'private' }), [
    's3:PutObject',
    's3:GetObject',
  ]);
});

test('a governance bypass needs s3:BypassGovernanceRetention, only when "true"', () => {
  const bypass = { 'x-amz-bypass-governance-retention': 'true' };
  assert.deepEqual(actions(ep('DeleteObject', 'data', 'k', 'versionId=v'), bypass), [
    's3:DeleteObjectVersion',
    's3:BypassGovernanceRetention',
  ]);
  assert.deepEqual(actions(ep('DeleteObject', 'data', 'k'), { 'x-amz-bypass-governance-retention': 'false' }), ['s3:DeleteObject']);
  assert.deepEqual(actions(ep('PutObjectRetention', 'data', 'k', 'retention'), bypass), [
    's3:PutObjectRetention',
    's3:BypassGovernanceRetention',
  ]);
  const many = requiredChecks({ endpoint: ep('DeleteObjects', 'data', undefined, 'delete'), headers: hdrs(bypass) });
  assert.equal(many.kind, 'perKey');
  if (many.kind !== 'perKey') return;
  assert.deepEqual(
    many.forKey('x', 'v').map((c) => c.action),
    ['s3:DeleteObjectVersion', 's3:BypassGovernanceRetention'],
  );
  assert.deepEqual(actions(ep('GetObject', 'data', 'k'), bypass), ['s3:GetObject'], 'reads ignore it');
});

test('CreateBucket with ACL, object lock or ownership headers needs those bucket actions', () => {
  const e = ep('CreateBucket', 'data');
  assert.deepEqual(actions(e, {}), ['s3:CreateBucket']);
  assert.deepEqual(actions(e, { 'x-amz-acl': 'private' }), ['s3:CreateBucket', 's3:PutBucketAcl']);
  assert.deepEqual(actions(e, { 'x-amz-bucket-object-lock-enabled': 'True' }), [
    's3:CreateBucket',
    's3:PutBucketObjectLockConfiguration',
    's3:PutBucketVersioning',
  ]);
  assert.deepEqual(actions(e, { 'x-amz-object-ownership': 'BucketOwnerEnforced' }), ['s3:CreateBucket', 's3:PutBucketOwnershipControls']);
  const resources = requiredChecks({ endpoint: e, headers: hdrs({ 'x-amz-acl': 'private' }) }).checks.map((c) => c.resource);
  assert.deepEqual(resources, ['arn:aws:s3:::data', 'arn:aws:s3:::data']);
  assert.deepEqual(actions(ep('DeleteBucket', 'data'), { 'x-amz-acl': 'private' }), ['s3:DeleteBucket']);
});
