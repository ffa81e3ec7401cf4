// authenticate() on streamed uploads: the S3 API reference's chunked upload
// seed requests, and the payload mode each x-amz-content-sha256 and trailer
// declaration gives.
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'node:test';
import { authenticate } from './index.js';
import { HOST, EMPTY, lookup, auth, input, ok, rejects, clientSign } from './authenticate.fixtures.js';

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
