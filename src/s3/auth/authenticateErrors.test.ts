// The errors S3 answers for each way a header-signed request can be wrong:
// scheme, Authorization header, timestamps, payload hash, credentials.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { S3Error } from '../errors.js';
import { authenticate } from './index.js';
import { AK, NOW, HOST, lookup, input, ok, rejects, getObject, PRESIGNED } from './authenticate.fixtures.js';

test('anonymous requests are null; SigV2 goes to its own verifier; unknown schemes are refused clearly', () => {
  assert.equal(authenticate(input('GET', '/bucket/key?prefix=X-Amz-thing', { host: HOST }), lookup), null);
  assert.equal(authenticate(input('GET', '/', { host: HOST, authorization: '' }), lookup), null);
  // Signature V2 (sigV2.test.ts verifies the documented examples): here, a stale Date and an expired URL.
  rejects(
    () =>
      authenticate(
        input('GET', '/', {
          host: HOST,
          date: 'Tue, 27 Mar 2007 19:36:42 +0000',
          authorization: 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=',
        }),
        lookup,
      ),
    'RequestTimeTooSkewed',
  );
  rejects(
    () => authenticate(input('GET', '/k?AWSAccessKeyId=AK&Expires=1&Signature=abc', { host: HOST }), lookup),
    'AccessDenied',
    /expired/,
  );
  const other = rejects(
    () => authenticate(input('GET', '/', { host: HOST, authorization: 'Bearer abc' }), lookup),
    'InvalidArgument',
    /Unsupported Authorization Type/,
  );
  assert.equal(other.extra['ArgumentName'], 'Authorization');
  rejects(() => authenticate(input('GET', PRESIGNED, getObject()), lookup), 'InvalidArgument', /Only one auth mechanism/);
});

test('malformed Authorization headers are AuthorizationHeaderMalformed with a reason', () => {
  const tryAuth = (value: string): S3Error =>
    rejects(
      () => authenticate(input('GET', '/test.txt', { ...getObject(), authorization: value }), lookup),
      'AuthorizationHeaderMalformed',
    );
  const sig = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';
  assert.match(tryAuth('AWS4-HMAC-SHA256').message, /three components/);
  assert.match(
    tryAuth(`AWS4-HMAC-SHA256 Credential=${AK}/20130524/us-east-1/s3/aws4_request, Signature=${sig}`).message,
    /three components/,
  );
  assert.match(
    tryAuth(`AWS4-HMAC-SHA256 Credential=${AK}/20130524/us-east-1/s3, SignedHeaders=host, Signature=${sig}`).message,
    /Credential is mal-formed/,
  );
  assert.match(
    tryAuth(`AWS4-HMAC-SHA256 Credential=${AK}/2013-05-24/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${sig}`).message,
    /Credential is mal-formed/,
  );
  assert.match(
    tryAuth(`AWS4-HMAC-SHA256 Credential=${AK}/20130524/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=${sig}`).message,
    /incorrect service "iam"/,
  );
  assert.match(
    tryAuth(`AWS4-HMAC-SHA256 Credential=${AK}/20130524/us-east-1/s3/aws5_request, SignedHeaders=host, Signature=${sig}`).message,
    /incorrect terminal/,
  );
  assert.match(
    tryAuth(
      `AWS4-HMAC-SHA256 Credential=${AK}/20130523/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;range, Signature=${sig}`,
    ).message,
    /Invalid credential date/,
  );
  assert.match(
    tryAuth(`AWS4-HMAC-SHA256 Credential=${AK}/20130524/us-east-1/s3/aws4_request, SignedHeaders=range;x-amz-date, Signature=${sig}`)
      .message,
    /host header must be signed/,
  );
  assert.match(
    tryAuth(`AWS4-HMAC-SHA256 Credential=${AK}/20130524/us-east-1/s3/aws4_request, SignedHeaders=Host;Range, Signature=${sig}`).message,
    /lower-case/,
  );
  assert.match(
    tryAuth(`AWS4-HMAC-SHA256 Credential=${AK}/20130524/us-east-1/s3/aws4_request, Credential=x, SignedHeaders=host, Signature=${sig}`)
      .message,
    /could not parse/,
  );
});

test('timestamps: missing, invalid, skewed', () => {
  const { 'x-amz-date': _d, ...noDate } = getObject();
  rejects(
    () => authenticate(input('GET', '/test.txt', noDate), lookup),
    'AccessDenied',
    /^AWS authentication requires a valid Date or x-amz-date header$/,
  );
  rejects(
    () => authenticate(input('GET', '/test.txt', { ...getObject(), 'x-amz-date': '2013-05-24T00:00:00Z' }), lookup),
    'AccessDenied',
    /valid Date or x-amz-date/,
  );
  rejects(() => authenticate(input('GET', '/test.txt', { ...getObject(), 'x-amz-date': '20130231T000000Z' }), lookup), 'AccessDenied');
  const skewed = rejects(
    () => authenticate(input('GET', '/test.txt', getObject(), NOW + 15 * 60_000 + 1000), lookup),
    'RequestTimeTooSkewed',
  );
  assert.equal(skewed.status, 403);
  assert.deepEqual(skewed.extra, {
    RequestTime: '20130524T000000Z',
    ServerTime: '2013-05-24T00:15:01Z',
    MaxAllowedSkewMilliseconds: '900000',
  });
  rejects(() => authenticate(input('GET', '/test.txt', getObject(), NOW - 16 * 60_000), lookup), 'RequestTimeTooSkewed');
  ok(authenticate(input('GET', '/test.txt', getObject(), NOW + 14 * 60_000), lookup));
});

test('x-amz-content-sha256: required for header auth, valid values only', () => {
  const { 'x-amz-content-sha256': _h, ...noHash } = getObject();
  rejects(
    () => authenticate(input('GET', '/test.txt', noHash), lookup),
    'InvalidRequest',
    /^Missing required header for this request: x-amz-content-sha256$/,
  );
  const bad = rejects(
    () => authenticate(input('GET', '/test.txt', { ...getObject(), 'x-amz-content-sha256': 'abc' }), lookup),
    'InvalidArgument',
  );
  assert.equal(bad.extra['ArgumentName'], 'x-amz-content-sha256');
});

test('credentials and tampering', () => {
  const unknown = rejects(() => authenticate(input('GET', '/test.txt', getObject()), () => undefined), 'InvalidAccessKeyId');
  assert.equal(unknown.status, 403);
  assert.equal(unknown.extra['AWSAccessKeyId'], AK);
  rejects(() => authenticate(input('GET', '/test.txt', getObject()), () => 'not the secret'), 'SignatureDoesNotMatch');
  rejects(() => authenticate(input('GET', '/test.txt', { ...getObject(), range: 'bytes=0-10' }), lookup), 'SignatureDoesNotMatch');
  rejects(() => authenticate(input('HEAD', '/test.txt', getObject()), lookup), 'SignatureDoesNotMatch');
  rejects(() => authenticate(input('GET', '/test.txt?versionId=1', getObject()), lookup), 'SignatureDoesNotMatch');
  const unsigned = rejects(
    () => authenticate(input('GET', '/test.txt', { ...getObject(), 'x-amz-copy-source': '/b/k', 'x-amz-acl': 'private' }), lookup),
    'AccessDenied',
  );
  assert.equal(unsigned.extra['HeadersNotSigned'], 'x-amz-copy-source, x-amz-acl');
  // Trace ids are not x-amz-* headers and need no signature.
  ok(authenticate(input('GET', '/test.txt', { ...getObject(), 'x-amzn-trace-id': 'Root=1' }), lookup));
});
