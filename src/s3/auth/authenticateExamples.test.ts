// authenticate() against the worked header-signed examples of the S3 API
// reference, and against clients that canonicalise in their own way.
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'node:test';
import { authenticate } from './index.js';
import { AK, NOW, HOST, EMPTY, lookup, auth, input, ok, rejects, getObject, clientSign } from './authenticate.fixtures.js';

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
