// The published AWS Signature Version 4 test suite (service "service",
// 20150830T123600Z, AKIDEXAMPLE) and the signing-key example, checked step by
// step: canonical request, string to sign, signature. The path-normalisation
// vectors are left out: S3 signs the path as it is, without normalising it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { S3Error } from '../errors.js';
import { canonicalHeaders, canonicalRequest, credentialScope, sha256Hex, stringToSign, type HeaderSource } from './canonicalRequest.js';
import { deriveSigningKey, hmacHex, SigningKeyCache } from './signingKey.js';
import { canonicalPath, canonicalQueryString, parseQuery } from './uriEncode.js';
import { verifySignature } from './verifySignature.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const AMZ_DATE = '20150830T123600Z';
const SCOPE = credentialScope('20150830', 'us-east-1', 'service');
const HOST = 'example.amazonaws.com';

interface Vector {
  name: string;
  method: string;
  target: string;
  /** Header name → values in the order sent. */
  headers: Record<string, string[]>;
  body?: string;
  signature: string;
}

const vectors: Vector[] = [
  {
    name: 'get-vanilla',
    method: 'GET',
    target: '/',
    headers: {},
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'get-vanilla-query (empty query)',
    method: 'GET',
    target: '/?',
    headers: {},
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'get-vanilla-empty-query-key',
    method: 'GET',
    target: '/?Param1=value1',
    headers: {},
    signature: 'a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb',
  },
  {
    name: 'get-vanilla-query-order-key-case',
    method: 'GET',
    target: '/?Param2=value2&Param1=value1',
    headers: {},
    signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
  },
  {
    name: 'get-vanilla-query-order-key',
    method: 'GET',
    target: '/?Param1=value2&Param1=Value1',
    headers: {},
    signature: 'eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1',
  },
  {
    name: 'get-vanilla-query-order-value',
    method: 'GET',
    target: '/?Param1=value2&Param1=value1',
    headers: {},
    signature: '5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694',
  },
  {
    name: 'get-vanilla-query-unreserved',
    method: 'GET',
    target:
      '/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    headers: {},
    signature: '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197',
  },
  {
    name: 'get-vanilla-utf8-query',
    method: 'GET',
    target: '/?ሴ=bar',
    headers: {},
    signature: '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04',
  },
  {
    name: 'get-vanilla-utf8-query (sent escaped)',
    method: 'GET',
    target: '/?%E1%88%B4=bar',
    headers: {},
    signature: '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04',
  },
  {
    name: 'get-unreserved',
    method: 'GET',
    target: '/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    headers: {},
    signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f',
  },
  {
    name: 'get-utf8',
    method: 'GET',
    target: '/ሴ',
    headers: {},
    signature: '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85',
  },
  {
    name: 'get-utf8 (sent escaped)',
    method: 'GET',
    target: '/%E1%88%B4',
    headers: {},
    signature: '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85',
  },
  {
    name: 'get-space',
    method: 'GET',
    target: '/example%20space/',
    headers: {},
    signature: '652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741',
  },
  {
    name: 'get-header-key-duplicate',
    method: 'GET',
    target: '/',
    headers: { 'my-header1': ['value2', 'value2', 'value1'] },
    signature: 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea',
  },
  {
    name: 'get-header-value-order',
    method: 'GET',
    target: '/',
    headers: { 'my-header1': ['value4', 'value1', 'value3', 'value2'] },
    signature: '08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01',
  },
  {
    name: 'get-header-value-trim',
    method: 'GET',
    target: '/',
    headers: { 'my-header1': [' value1'], 'my-header2': [' "a   b   c"'] },
    signature: 'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
  },
  {
    name: 'post-vanilla',
    method: 'POST',
    target: '/',
    headers: {},
    signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  },
  {
    name: 'post-vanilla-empty-query-value',
    method: 'POST',
    target: '/?Param1=value1',
    headers: {},
    signature: '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11',
  },
  {
    name: 'post-header-key-sort',
    method: 'POST',
    target: '/',
    headers: { 'my-header1': ['value1'] },
    signature: 'c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c',
  },
  {
    name: 'post-header-value-case',
    method: 'POST',
    target: '/',
    headers: { 'my-header1': ['VALUE1'] },
    signature: 'cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d',
  },
  {
    name: 'post-x-www-form-urlencoded',
    method: 'POST',
    target: '/',
    headers: { 'content-type': ['application/x-www-form-urlencoded'] },
    body: 'Param1=value1',
    signature: 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
  {
    name: 'post-x-www-form-urlencoded-parameters',
    method: 'POST',
    target: '/',
    headers: { 'content-type': ['application/x-www-form-urlencoded; charset=utf8'] },
    body: 'Param1=value1',
    signature: '1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe',
  },
  {
    name: 'post-sts-header-before',
    method: 'POST',
    target: '/',
    headers: {
      'x-amz-security-token': [
        'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==',
      ],
    },
    signature: '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead',
  },
];

/** The request as node would hand it to us: joined headers plus headersDistinct. */
function prepare(v: Vector): { path: string; query: string; source: HeaderSource; signed: string[]; payloadHash: string } {
  const all: Record<string, string[]> = { host: [HOST], 'x-amz-date': [AMZ_DATE], ...v.headers };
  const q = v.target.indexOf('?');
  const signed = Object.keys(all).sort();
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(all)) headers[name] = values.map((s) => s.trim()).join(', ');
  return {
    path: q === -1 ? v.target : v.target.slice(0, q),
    query: q === -1 ? '' : v.target.slice(q + 1),
    source: { headers, headersDistinct: all },
    signed,
    payloadHash: sha256Hex(v.body ?? ''),
  };
}

for (const v of vectors) {
  test(`AWS SigV4 test suite: ${v.name}`, () => {
    const r = prepare(v);
    const canonical = canonicalRequest({
      method: v.method,
      canonicalUri: canonicalPath(r.path),
      canonicalQuery: canonicalQueryString(parseQuery(r.query)),
      canonicalHeaders: canonicalHeaders(r.source, r.signed),
      signedHeaders: r.signed.join(';'),
      payloadHash: r.payloadHash,
    });
    const key = deriveSigningKey(SECRET, '20150830', 'us-east-1', 'service');
    assert.equal(hmacHex(key, stringToSign(AMZ_DATE, SCOPE, canonical)), v.signature);
    // The same through the verifier authenticate() uses.
    const check = {
      accessKeyId: 'AKIDEXAMPLE',
      method: v.method,
      rawPath: r.path,
      canonicalQuery: canonicalQueryString(parseQuery(r.query)),
      headers: r.source,
      signedHeaders: r.signed,
      signedHeadersRaw: r.signed.join(';'),
      payloadHash: r.payloadHash,
      amzDate: AMZ_DATE,
      scope: SCOPE,
      signingKey: key,
      provided: v.signature,
    };
    verifySignature(check);
    assert.throws(
      () => verifySignature({ ...check, method: v.method === 'GET' ? 'HEAD' : 'PUT' }),
      (err: unknown) => {
        return err instanceof S3Error && err.code === 'SignatureDoesNotMatch';
      },
    );
  });
}

test('post-x-www-form-urlencoded: canonical request and string to sign as published', () => {
  const v = vectors.find((x) => x.name === 'post-x-www-form-urlencoded');
  assert.ok(v);
  const r = prepare(v);
  const canonical = canonicalRequest({
    method: 'POST',
    canonicalUri: canonicalPath(r.path),
    canonicalQuery: '',
    canonicalHeaders: canonicalHeaders(r.source, r.signed),
    signedHeaders: r.signed.join(';'),
    payloadHash: r.payloadHash,
  });
  assert.equal(
    canonical,
    'POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n' +
      'content-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e',
  );
  assert.equal(
    stringToSign(AMZ_DATE, SCOPE, canonical),
    'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281',
  );
});

test('SignatureDoesNotMatch carries what S3 signed, to diff against the client', () => {
  const v = vectors[0];
  assert.ok(v);
  const r = prepare(v);
  const check = {
    accessKeyId: 'AKIDEXAMPLE',
    method: 'GET',
    rawPath: '/',
    canonicalQuery: '',
    headers: r.source,
    signedHeaders: r.signed,
    signedHeadersRaw: r.signed.join(';'),
    payloadHash: r.payloadHash,
    amzDate: AMZ_DATE,
    scope: SCOPE,
    signingKey: deriveSigningKey('wrong secret', '20150830', 'us-east-1', 'service'),
    provided: v.signature,
  };
  assert.throws(
    () => verifySignature(check),
    (err: unknown) => {
      assert.ok(err instanceof S3Error);
      assert.equal(err.code, 'SignatureDoesNotMatch');
      assert.equal(err.status, 403);
      assert.equal(err.extra['AWSAccessKeyId'], 'AKIDEXAMPLE');
      assert.equal(err.extra['SignatureProvided'], v.signature);
      assert.equal(err.extra['CanonicalRequest'], `GET\n/\n\nhost:${HOST}\nx-amz-date:${AMZ_DATE}\n\nhost;x-amz-date\n${sha256Hex('')}`);
      assert.match(
        err.extra['StringToSign'] ?? '',
        /^AWS4-HMAC-SHA256\n20150830T123600Z\n20150830\/us-east-1\/service\/aws4_request\n[0-9a-f]{64}$/,
      );
      assert.match(err.extra['StringToSignBytes'] ?? '', /^41 57 53 34 /);
      return true;
    },
  );
});

test('the signing key matches the AWS documentation example', () => {
  assert.equal(
    deriveSigningKey(SECRET, '20120215', 'us-east-1', 'iam').toString('hex'),
    'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d',
  );
});

test('the signing key cache returns the derived key, notices a new secret and stays bounded', () => {
  const cache = new SigningKeyCache(2);
  const expected = deriveSigningKey(SECRET, '20120215', 'us-east-1', 'iam');
  assert.deepEqual(cache.get('AK', SECRET, '20120215', 'us-east-1', 'iam'), expected);
  assert.deepEqual(cache.get('AK', SECRET, '20120215', 'us-east-1', 'iam'), expected);
  // A rotated secret for the same access key must not reuse the old key.
  assert.deepEqual(cache.get('AK', 'other', '20120215', 'us-east-1', 'iam'), deriveSigningKey('other', '20120215', 'us-east-1', 'iam'));
  cache.get('AK', SECRET, '20120216', 'us-east-1', 'iam');
  cache.get('AK', SECRET, '20120217', 'us-east-1', 'iam');
  assert.equal(cache.size, 2);
});
