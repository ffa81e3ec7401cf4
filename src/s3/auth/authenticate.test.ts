// authenticate() against the worked examples of the S3 API reference
// (examplebucket, AKIAIOSFODNN7EXAMPLE, 20130524T000000Z) and the errors S3
// answers for each way a signed request can be wrong.
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'node:test';
import { S3Error, type S3ErrorCode } from '../errors.js';
import { canonicalHeaders, canonicalRequest, stringToSign } from './canonicalRequest.js';
import { authenticate, type AuthInput, type AuthResult } from './index.js';
import { deriveSigningKey, hmacHex } from './signingKey.js';

const AK = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const NOW = Date.UTC(2013, 4, 24, 0, 0, 0);
const HOST = 'examplebucket.s3.amazonaws.com';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const lookup = (id: string): string | undefined => (id === AK ? SECRET : undefined);

function auth(signedHeaders: string, signature: string, sep = ','): string {
  return `AWS4-HMAC-SHA256 Credential=${AK}/20130524/us-east-1/s3/aws4_request${sep}SignedHeaders=${signedHeaders}${sep}Signature=${signature}`;
}

function input(method: string, target: string, headers: IncomingHttpHeaders, nowMs = NOW): AuthInput {
  const q = target.indexOf('?');
  return { method, rawPath: q === -1 ? target : target.slice(0, q), rawQuery: q === -1 ? '' : target.slice(q + 1), headers, nowMs };
}

function ok(result: AuthResult | null): AuthResult {
  assert.ok(result !== null);
  return result;
}

function rejects(fn: () => unknown, code: S3ErrorCode, message?: RegExp): S3Error {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof S3Error, `expected S3Error ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (message !== undefined) assert.match(caught.message, message);
  return caught;
}

const getObject = (): IncomingHttpHeaders => ({
  host: HOST,
  range: 'bytes=0-9',
  'x-amz-content-sha256': EMPTY,
  'x-amz-date': '20130524T000000Z',
  authorization: auth('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
});

test('S3 example GET Object (Range)', () => {
  const result = ok(authenticate(input('GET', '/test.txt', getObject()), lookup));
  assert.equal(result.accessKeyId, AK);
  assert.equal(result.region, 'us-east-1');
  assert.equal(result.authType, 'REST-HEADER');
  assert.equal(result.signedAtMs, NOW);
  assert.deepEqual(result.payload, { kind: 'sha256', expectedHex: EMPTY });
  // The SDKs put a space after each comma; the documentation does not.
  const spaced = {
    ...getObject(),
    authorization: auth(
      'host;range;x-amz-content-sha256;x-amz-date',
      'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
      ', ',
    ),
  };
  ok(authenticate(input('GET', '/test.txt', spaced), lookup));
});

test('S3 example PUT Object (Date and x-amz-date, $ in the key, signed body hash)', () => {
  const headers: IncomingHttpHeaders = {
    host: HOST,
    date: 'Fri, 24 May 2013 00:00:00 GMT',
    'x-amz-date': '20130524T000000Z',
    'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    'x-amz-content-sha256': '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
    authorization: auth(
      'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class',
      '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    ),
  };
  for (const path of ['/test%24file.text', '/test$file.text']) {
    const result = ok(authenticate(input('PUT', path, headers), lookup));
    assert.deepEqual(result.payload, { kind: 'sha256', expectedHex: '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072' });
  }
});

test('S3 examples GET Bucket lifecycle and GET Bucket (List Objects)', () => {
  const headers = (signature: string): IncomingHttpHeaders => ({
    host: HOST,
    'x-amz-date': '20130524T000000Z',
    'x-amz-content-sha256': EMPTY,
    authorization: auth('host;x-amz-content-sha256;x-amz-date', signature),
  });
  const lifecycle = headers('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  ok(authenticate(input('GET', '/?lifecycle', lifecycle), lookup));
  ok(authenticate(input('GET', '/?lifecycle=', lifecycle), lookup));
  const list = headers('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  ok(authenticate(input('GET', '/?max-keys=2&prefix=J', list), lookup));
  ok(authenticate(input('GET', '/?prefix=J&max-keys=2', list), lookup));
  rejects(() => authenticate(input('GET', '/?max-keys=3&prefix=J', list), lookup), 'SignatureDoesNotMatch');
});

const PRESIGNED =
  '/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
  '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
  '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';

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

test('S3 example chunked upload: the seed request authenticates as a signed stream', () => {
  const headers: IncomingHttpHeaders = {
    host: 's3.amazonaws.com',
    'x-amz-date': '20130524T000000Z',
    'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '66560',
    'content-length': '66824',
    authorization: auth(
      'content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class',
      '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    ),
  };
  const result = ok(authenticate(input('PUT', '/examplebucket/chunkObject.txt', headers), lookup));
  assert.equal(result.decodedContentLength, 66560);
  assert.equal(result.payload.kind, 'streaming');
  if (result.payload.kind !== 'streaming') return;
  assert.equal(result.payload.signedChunks, true);
  assert.equal(result.payload.trailer, false);
  assert.equal(result.payload.seedSignature, '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
  assert.equal(result.payload.scope, '20130524/us-east-1/s3/aws4_request');
  assert.equal(result.payload.amzDate, '20130524T000000Z');

  const { 'x-amz-decoded-content-length': _omitted, ...withoutLength } = headers;
  rejects(() => authenticate(input('PUT', '/examplebucket/chunkObject.txt', withoutLength), lookup), 'MissingContentLength');
});

test('S3 example chunked upload with a trailing checksum: the seed request', () => {
  const headers: IncomingHttpHeaders = {
    host: 's3.amazonaws.com',
    'x-amz-date': '20130524T000000Z',
    'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '66560',
    'x-amz-trailer': 'x-amz-checksum-crc32c',
    authorization: auth(
      'content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer',
      '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e',
    ),
  };
  const result = ok(authenticate(input('PUT', '/examplebucket/chunkObject.txt', headers), lookup));
  assert.equal(result.payload.kind, 'streaming');
  if (result.payload.kind !== 'streaming') return;
  assert.equal(result.payload.trailer, true);
  assert.equal(result.payload.trailerAlgorithm, 'CRC32C');
  assert.equal(result.payload.trailerHeader, 'x-amz-checksum-crc32c');
  rejects(
    () => authenticate(input('PUT', '/examplebucket/chunkObject.txt', { ...headers, 'x-amz-trailer': 'x-amz-checksum-md5' }), lookup),
    'InvalidRequest',
    /x-amz-trailer/,
  );
});

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

/** Signs like a client that canonicalises its own way (URI and query given verbatim). */
function clientSign(method: string, canonicalUri: string, canonicalQuery: string, headers: IncomingHttpHeaders, amzDate: string): string {
  const signed = Object.keys(headers).sort();
  const canonical = canonicalRequest({
    method,
    canonicalUri,
    canonicalQuery,
    canonicalHeaders: canonicalHeaders({ headers }, signed),
    signedHeaders: signed.join(';'),
    payloadHash: String(headers['x-amz-content-sha256']),
  });
  const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
  const signature = hmacHex(deriveSigningKey(SECRET, amzDate.slice(0, 8), 'us-east-1', 's3'), stringToSign(amzDate, scope, canonical));
  return `AWS4-HMAC-SHA256 Credential=${AK}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
}

test('a client that signs its path exactly as sent (raw +, lower-case escapes) is accepted on the retry', () => {
  const headers: IncomingHttpHeaders = { host: HOST, 'x-amz-date': '20130524T000000Z', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  for (const rawPath of ['/b/a+b', '/b/caf%c3%a9', '/b/%7Euser']) {
    const authorization = clientSign('GET', rawPath, '', headers, '20130524T000000Z');
    const result = ok(authenticate(input('GET', rawPath, { ...headers, authorization }), lookup));
    assert.deepEqual(result.payload, { kind: 'unsigned' });
    // The retry is for this path only: another path with the same signature still fails.
    rejects(() => authenticate(input('GET', `${rawPath}x`, { ...headers, authorization }), lookup), 'SignatureDoesNotMatch');
  }
  // The canonical form is tried first: a client that encodes '+' as %2B but sent it raw is accepted too.
  const canonicalSigned = clientSign('GET', '/b/a%2Bb', '', headers, '20130524T000000Z');
  ok(authenticate(input('GET', '/b/a+b', { ...headers, authorization: canonicalSigned }), lookup));
});

test('a request signed with only a Date header uses that instant', () => {
  const headers: IncomingHttpHeaders = { host: HOST, date: 'Fri, 24 May 2013 00:05:00 GMT', 'x-amz-content-sha256': EMPTY };
  const authorization = clientSign('GET', '/k', '', headers, '20130524T000500Z');
  const result = ok(authenticate(input('GET', '/k', { ...headers, authorization }), lookup));
  assert.equal(result.signedAtMs, NOW + 5 * 60_000);
  rejects(() => authenticate(input('GET', '/k', { ...headers, date: 'yesterday', authorization }), lookup), 'AccessDenied', /valid Date/);
});

test('streaming payload hashes and trailers are parsed into the payload mode', () => {
  const base: IncomingHttpHeaders = {
    host: HOST,
    'x-amz-date': '20130524T000000Z',
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '11',
    'x-amz-trailer': 'x-amz-checksum-crc64nvme',
    'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  };
  const result = ok(
    authenticate(input('PUT', '/b/k', { ...base, authorization: clientSign('PUT', '/b/k', '', base, '20130524T000000Z') }), lookup),
  );
  assert.equal(result.decodedContentLength, 11);
  assert.equal(result.payload.kind, 'streaming');
  if (result.payload.kind === 'streaming') {
    assert.equal(result.payload.signedChunks, false);
    assert.equal(result.payload.trailerAlgorithm, 'CRC64NVME');
  }
  const badLength = { ...base, 'x-amz-decoded-content-length': '-1' };
  rejects(
    () =>
      authenticate(
        input('PUT', '/b/k', { ...badLength, authorization: clientSign('PUT', '/b/k', '', badLength, '20130524T000000Z') }),
        lookup,
      ),
    'InvalidArgument',
    /decoded-content-length/,
  );
  const two = { ...base, 'x-amz-trailer': 'x-amz-checksum-crc32,x-amz-checksum-sha1' };
  rejects(
    () => authenticate(input('PUT', '/b/k', { ...two, authorization: clientSign('PUT', '/b/k', '', two, '20130524T000000Z') }), lookup),
    'InvalidRequest',
    /single/,
  );
  const upper = { ...base, 'x-amz-content-sha256': EMPTY.toUpperCase(), 'x-amz-decoded-content-length': '0' };
  const hashed = ok(
    authenticate(input('PUT', '/b/k', { ...upper, authorization: clientSign('PUT', '/b/k', '', upper, '20130524T000000Z') }), lookup),
  );
  assert.deepEqual(hashed.payload, { kind: 'sha256', expectedHex: EMPTY });
});
