// authenticate() on presigned URLs (query-string auth): the S3 API
// reference's example, and the errors S3 answers for each way one is wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authenticate } from './index.js';
import { NOW, HOST, EMPTY, lookup, input, ok, rejects, PRESIGNED } from './authenticate.fixtures.js';

test('S3 example presigned GET Object', () => {
  const result = ok(authenticate(input('GET', PRESIGNED, { host: HOST }), lookup));
  assert.equal(result.authType, 'REST-QUERY-STRING');
  assert.deepEqual(result.payload, { kind: 'unsigned' });
  // Still valid a second before it expires; the signature covers the path.
  ok(authenticate(input('GET', PRESIGNED, { host: HOST }, NOW + 86400_000), lookup));
  rejects(() => authenticate(input('GET', PRESIGNED.replace('test.txt', 'test.txu'), { host: HOST }), lookup), 'SignatureDoesNotMatch');
  rejects(() => authenticate(input('GET', PRESIGNED, { host: 'otherbucket.s3.amazonaws.com' }), lookup), 'SignatureDoesNotMatch');
});

test('presigned: expired, not yet valid, bad expiry, missing parameters, unsigned x-amz header', () => {
  const expired = rejects(
    () => authenticate(input('GET', PRESIGNED, { host: HOST }, NOW + 86401_000), lookup),
    'AccessDenied',
    /^Request has expired$/,
  );
  assert.deepEqual(expired.extra, { 'X-Amz-Expires': '86400', Expires: '2013-05-25T00:00:00Z', ServerTime: '2013-05-25T00:00:01Z' });
  rejects(
    () => authenticate(input('GET', PRESIGNED, { host: HOST }, NOW - 16 * 60_000), lookup),
    'AccessDenied',
    /^Request is not valid yet$/,
  );
  ok(authenticate(input('GET', PRESIGNED, { host: HOST }, NOW - 14 * 60_000), lookup));
  rejects(
    () => authenticate(input('GET', PRESIGNED.replace('X-Amz-Expires=86400', 'X-Amz-Expires=604801'), { host: HOST }), lookup),
    'AuthorizationQueryParametersError',
    /^X-Amz-Expires must be less than a week \(in seconds\) that is; 604800$/,
  );
  rejects(
    () => authenticate(input('GET', PRESIGNED.replace('X-Amz-Expires=86400', 'X-Amz-Expires=0'), { host: HOST }), lookup),
    'AuthorizationQueryParametersError',
  );
  rejects(
    () => authenticate(input('GET', PRESIGNED.replace('X-Amz-Expires=86400', 'X-Amz-Expires=-1'), { host: HOST }), lookup),
    'AuthorizationQueryParametersError',
  );
  rejects(
    () => authenticate(input('GET', PRESIGNED.replace('X-Amz-Expires=86400', 'X-Amz-Expires=abc'), { host: HOST }), lookup),
    'AuthorizationQueryParametersError',
  );
  rejects(
    () => authenticate(input('GET', PRESIGNED.replace('&X-Amz-SignedHeaders=host', ''), { host: HOST }), lookup),
    'AuthorizationQueryParametersError',
    /requires the X-Amz-Algorithm/,
  );
  rejects(
    () =>
      authenticate(
        input('GET', PRESIGNED.replace('X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-HMAC-SHA1'), { host: HOST }),
        lookup,
      ),
    'AuthorizationQueryParametersError',
  );
  rejects(
    () => authenticate(input('GET', PRESIGNED.replace('%2Fs3%2F', '%2Fiam%2F'), { host: HOST }), lookup),
    'AuthorizationQueryParametersError',
    /incorrect service/,
  );
  rejects(
    () =>
      authenticate(input('GET', PRESIGNED.replace('X-Amz-Date=20130524T000000Z', 'X-Amz-Date=20130524T000000'), { host: HOST }), lookup),
    'AuthorizationQueryParametersError',
  );
  rejects(
    () =>
      authenticate(input('GET', PRESIGNED.replace('X-Amz-Date=20130524T000000Z', 'X-Amz-Date=20130525T000000Z'), { host: HOST }), lookup),
    'AuthorizationQueryParametersError',
    /Invalid credential date/,
  );
  rejects(
    () => authenticate(input('GET', PRESIGNED.replace('AKIAIOSFODNN7EXAMPLE', 'AKIAUNKNOWN'), { host: HOST }), lookup),
    'InvalidAccessKeyId',
  );
  const unsigned = rejects(
    () => authenticate(input('GET', PRESIGNED, { host: HOST, 'x-amz-acl': 'public-read' }), lookup),
    'AccessDenied',
    /not signed/,
  );
  assert.equal(unsigned.extra['HeadersNotSigned'], 'x-amz-acl');
  // A body hash sent as a header is what the signature covers.
  rejects(() => authenticate(input('GET', PRESIGNED, { host: HOST, 'x-amz-content-sha256': EMPTY }), lookup), 'SignatureDoesNotMatch');
});
