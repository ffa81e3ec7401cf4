import { test } from 'node:test';
import assert from 'node:assert/strict';
import { route, type RouteInput } from './route.js';

const base: RouteInput = { method: 'GET', host: '127.0.0.1:9000', rawPath: '/', rawQuery: '', hasCopySource: false };
const r = (over: Partial<RouteInput>) => route({ ...base, ...over });

test('path-style requests name the AWS operation', () => {
  assert.equal(r({}).operation, 'ListBuckets');
  assert.equal(r({ rawPath: '/b', method: 'PUT' }).operation, 'CreateBucket');
  assert.equal(r({ rawPath: '/b', rawQuery: 'list-type=2&prefix=x' }).operation, 'ListObjectsV2');
  assert.equal(r({ rawPath: '/b/' }).operation, 'ListObjects');
  assert.equal(r({ rawPath: '/b', rawQuery: 'location' }).operation, 'GetBucketLocation');
  assert.equal(r({ rawPath: '/b', rawQuery: 'delete', method: 'POST' }).operation, 'DeleteObjects');
  assert.equal(r({ rawPath: '/b/k', method: 'PUT' }).operation, 'PutObject');
  assert.equal(r({ rawPath: '/b/k', method: 'PUT', hasCopySource: true }).operation, 'CopyObject');
  assert.equal(r({ rawPath: '/b/k', method: 'PUT', rawQuery: 'partNumber=1&uploadId=u' }).operation, 'UploadPart');
  assert.equal(r({ rawPath: '/b/k', method: 'PUT', rawQuery: 'partNumber=1&uploadId=u', hasCopySource: true }).operation, 'UploadPartCopy');
  assert.equal(r({ rawPath: '/b/k', method: 'POST', rawQuery: 'uploads' }).operation, 'CreateMultipartUpload');
  assert.equal(r({ rawPath: '/b/k', method: 'POST', rawQuery: 'uploadId=u' }).operation, 'CompleteMultipartUpload');
  assert.equal(r({ rawPath: '/b/k', method: 'DELETE', rawQuery: 'uploadId=u' }).operation, 'AbortMultipartUpload');
  assert.equal(r({ rawPath: '/b/k', rawQuery: 'uploadId=u' }).operation, 'ListParts');
  assert.equal(r({ rawPath: '/b/k', rawQuery: 'tagging' }).operation, 'GetObjectTagging');
  assert.equal(r({ rawPath: '/b/k', rawQuery: 'torrent' }).operation, 'Unsupported');
});

test('keys are percent-decoded once and + stays a plus', () => {
  const e = r({ rawPath: '/b/a%20b+c/%25/%E4%B8%AD' });
  assert.equal(e.bucket, 'b');
  assert.equal(e.key, 'a b+c/%/中');
  assert.equal(r({ rawPath: '/b/dir/' }).key, 'dir/');
});

test('virtual-host-style requests take the bucket from the Host header', () => {
  const e = route({ ...base, host: 'photos.s3.local:9000', rawPath: '/a/b.jpg', domain: 's3.local' });
  assert.equal(e.bucket, 'photos');
  assert.equal(e.key, 'a/b.jpg');
  assert.equal(route({ ...base, host: 's3.local:9000', rawPath: '/photos', domain: 's3.local' }).bucket, 'photos');
});

test('bad percent-encoding is InvalidURI and unknown methods MethodNotAllowed', () => {
  assert.throws(() => r({ rawPath: '/b/%E4%B8' }), { code: 'InvalidURI' });
  assert.throws(() => r({ rawPath: '/b/k', method: 'PATCH' }), { code: 'MethodNotAllowed' });
});

test('an empty bucket name (a path starting with //) is InvalidBucketName, never a store lookup', () => {
  for (const rawPath of ['//', '//k', '//b/k']) assert.throws(() => r({ rawPath }), { code: 'InvalidBucketName' }, rawPath);
  assert.equal(r({ rawPath: '/b//k' }).key, '/k', 'an empty first key segment is still a key');
});
