import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoint, OperationName } from '../router/index.js';
import { route } from '../router/index.js';
import { requiredChecks, type Check } from './index.js';

const ep = (operation: OperationName, bucket?: string, key?: string, query = ''): Endpoint => {
  const e: Endpoint = { operation, query: new URLSearchParams(query) };
  if (bucket !== undefined) e.bucket = bucket;
  if (key !== undefined) e.key = key;
  return e;
};
const checks = (e: Endpoint): readonly Check[] => requiredChecks({ endpoint: e }).checks;
const one = (action: string, resource: string): Check[] => [{ action, resource }];

const B = 'arn:aws:s3:::data';
const O = 'arn:aws:s3:::data/a/b.txt';

// Exhaustive over OperationName: a new operation fails to compile here too.
// Copies and DeleteObjects are covered by their own tests (null here).
const EXPECTED: Record<OperationName, Check[] | null> = {
  ListBuckets: one('s3:ListAllMyBuckets', '*'),
  CreateBucket: one('s3:CreateBucket', B),
  HeadBucket: one('s3:ListBucket', B),
  DeleteBucket: one('s3:DeleteBucket', B),
  GetBucketLocation: one('s3:GetBucketLocation', B),
  GetBucketVersioning: one('s3:GetBucketVersioning', B),
  PutBucketVersioning: one('s3:PutBucketVersioning', B),
  GetBucketAcl: one('s3:GetBucketAcl', B),
  PutBucketAcl: one('s3:PutBucketAcl', B),
  GetBucketPolicy: one('s3:GetBucketPolicy', B),
  GetBucketLifecycleConfiguration: one('s3:GetLifecycleConfiguration', B),
  PutBucketLifecycleConfiguration: one('s3:PutLifecycleConfiguration', B),
  DeleteBucketLifecycle: one('s3:PutLifecycleConfiguration', B),
  GetBucketTagging: one('s3:GetBucketTagging', B),
  PutBucketTagging: one('s3:PutBucketTagging', B),
  DeleteBucketTagging: one('s3:PutBucketTagging', B),
  GetBucketCors: one('s3:GetBucketCORS', B),
  GetBucketEncryption: one('s3:GetEncryptionConfiguration', B),
  GetObjectLockConfiguration: one('s3:GetBucketObjectLockConfiguration', B),
  PutObjectLockConfiguration: one('s3:PutBucketObjectLockConfiguration', B),
  GetBucketWebsite: one('s3:GetBucketWebsite', B),
  ListObjects: one('s3:ListBucket', B),
  ListObjectsV2: one('s3:ListBucket', B),
  ListObjectVersions: one('s3:ListBucketVersions', B),
  ListMultipartUploads: one('s3:ListBucketMultipartUploads', B),
  DeleteObjects: null,
  GetObject: one('s3:GetObject', O),
  HeadObject: one('s3:GetObject', O),
  PutObject: one('s3:PutObject', O),
  CopyObject: null,
  DeleteObject: one('s3:DeleteObject', O),
  GetObjectAcl: one('s3:GetObjectAcl', O),
  PutObjectAcl: one('s3:PutObjectAcl', O),
  GetObjectTagging: one('s3:GetObjectTagging', O),
  PutObjectTagging: one('s3:PutObjectTagging', O),
  DeleteObjectTagging: one('s3:DeleteObjectTagging', O),
  GetObjectRetention: one('s3:GetObjectRetention', O),
  PutObjectRetention: one('s3:PutObjectRetention', O),
  GetObjectLegalHold: one('s3:GetObjectLegalHold', O),
  PutObjectLegalHold: one('s3:PutObjectLegalHold', O),
  CreateMultipartUpload: one('s3:PutObject', O),
  UploadPart: one('s3:PutObject', O),
  UploadPartCopy: null,
  CompleteMultipartUpload: one('s3:PutObject', O),
  AbortMultipartUpload: one('s3:AbortMultipartUpload', O),
  ListParts: one('s3:ListMultipartUploadParts', O),
  Unsupported: [],
};

test('every operation maps to the action and resource AWS documents', () => {
  for (const [operation, expected] of Object.entries(EXPECTED) as [OperationName, Check[] | null][]) {
    if (expected === null) continue;
    const resource = expected[0]?.resource;
    const e = operation === 'ListBuckets' ? ep(operation) : resource === B ? ep(operation, 'data') : ep(operation, 'data', 'a/b.txt');
    const result = requiredChecks({ endpoint: e });
    assert.deepEqual(result.checks, expected, operation);
    assert.equal(result.kind, operation === 'Unsupported' ? 'notAuthorizable' : 'request', operation);
  }
});

test('bucket-level actions name the bucket ARN, object-level ones bucket/key', () => {
  for (const [operation, expected] of Object.entries(EXPECTED) as [OperationName, Check[] | null][]) {
    for (const c of expected ?? []) {
      if (c.resource === '*') continue;
      const isObject = c.resource.includes('/', 'arn:aws:s3:::'.length);
      assert.equal(isObject, !/Bucket|Lifecycle|Encryption/.test(c.action), `${operation}: ${c.action} on ${c.resource}`);
    }
  }
});

test('a versionId selects the version-specific action where AWS has one', () => {
  const v = (operation: OperationName): string | undefined => checks(ep(operation, 'data', 'k', 'versionId=3f1a'))[0]?.action;
  assert.equal(v('GetObject'), 's3:GetObjectVersion');
  assert.equal(v('HeadObject'), 's3:GetObjectVersion');
  assert.equal(v('DeleteObject'), 's3:DeleteObjectVersion');
  assert.equal(v('GetObjectTagging'), 's3:GetObjectVersionTagging');
  assert.equal(v('PutObjectTagging'), 's3:PutObjectVersionTagging');
  assert.equal(v('DeleteObjectTagging'), 's3:DeleteObjectVersionTagging');
  assert.equal(v('GetObjectAcl'), 's3:GetObjectVersionAcl');
  assert.equal(v('PutObjectAcl'), 's3:PutObjectVersionAcl');
  // No version variant in the reference: the plain action stays.
  assert.equal(v('GetObjectRetention'), 's3:GetObjectRetention');
  assert.equal(v('PutObjectRetention'), 's3:PutObjectRetention');
  assert.equal(v('GetObjectLegalHold'), 's3:GetObjectLegalHold');
  assert.equal(v('PutObjectLegalHold'), 's3:PutObjectLegalHold');
  // versionId=null is still a version-specific request.
  assert.equal(checks(ep('GetObject', 'data', 'k', 'versionId=null'))[0]?.action, 's3:GetObjectVersion');
});

test('copies need PutObject on the destination and a read of the source', () => {
  for (const operation of ['CopyObject', 'UploadPartCopy'] as const) {
    const endpoint = ep(operation, 'dst', 'to/k', operation === 'UploadPartCopy' ? 'partNumber=1&uploadId=u' : '');
    assert.deepEqual(requiredChecks({ endpoint, copySource: { bucket: 'src', key: 'from/k' } }).checks, [
      { action: 's3:PutObject', resource: 'arn:aws:s3:::dst/to/k' },
      { action: 's3:GetObject', resource: 'arn:aws:s3:::src/from/k' },
    ]);
    assert.deepEqual(requiredChecks({ endpoint, copySource: { bucket: 'src', key: 'from/k', versionId: 'v1' } }).checks, [
      { action: 's3:PutObject', resource: 'arn:aws:s3:::dst/to/k' },
      { action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::src/from/k' },
    ]);
    assert.throws(() => requiredChecks({ endpoint }), { code: 'InvalidArgument' });
  }
});

test('DeleteObjects checks nothing up front and s3:DeleteObject per key', () => {
  const result = requiredChecks({ endpoint: ep('DeleteObjects', 'data', undefined, 'delete') });
  assert.equal(result.kind, 'perKey');
  assert.deepEqual(result.checks, []);
  if (result.kind !== 'perKey') return;
  assert.deepEqual(result.forKey('x/y'), one('s3:DeleteObject', 'arn:aws:s3:::data/x/y'));
  assert.deepEqual(result.forKey('x/y', 'v9'), one('s3:DeleteObjectVersion', 'arn:aws:s3:::data/x/y'));
});

test('keys keep spaces, unicode and reserved characters verbatim in the ARN', () => {
  for (const key of ['a b/c d.txt', 'données/ñ/日本語.txt', 'emoji 🎉', 'a+b=c&d?e#f', '*?$ {x}', 'trailing/']) {
    assert.deepEqual(checks(ep('GetObject', 'data', key)), one('s3:GetObject', `arn:aws:s3:::data/${key}`));
  }
  // Through the router: the percent-encoded path is decoded exactly once.
  const routed = route({ method: 'GET', host: 'h', rawPath: '/data/a%20b/%E6%97%A5+x%2520', rawQuery: '', hasCopySource: false });
  assert.deepEqual(checks(routed), one('s3:GetObject', 'arn:aws:s3:::data/a b/日+x%20'));
});

test('routed requests: the versionId of the query and the bucket of the host', () => {
  const r = (method: string, rawPath: string, rawQuery = '', host = 'h'): readonly Check[] =>
    checks(route({ method, host, rawPath, rawQuery, hasCopySource: false, domain: 's3.local' }));
  assert.deepEqual(r('GET', '/'), one('s3:ListAllMyBuckets', '*'));
  assert.deepEqual(r('HEAD', '/data'), one('s3:ListBucket', B));
  assert.deepEqual(r('GET', '/data', 'versions'), one('s3:ListBucketVersions', B));
  assert.deepEqual(r('DELETE', '/data/k', 'versionId=7'), one('s3:DeleteObjectVersion', 'arn:aws:s3:::data/k'));
  assert.deepEqual(r('GET', '/k', '', 'data.s3.local:9000'), one('s3:GetObject', 'arn:aws:s3:::data/k'));
  assert.deepEqual(r('GET', '/', 'lifecycle', 'data.s3.local'), one('s3:GetLifecycleConfiguration', B));
  assert.deepEqual(r('GET', '/data/k', 'attributes'), []);
});
