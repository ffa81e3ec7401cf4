// The published AWS Signature Version 4 test suite (sigV4Suite.fixtures.ts),
// checked step by step: canonical request, string to sign, signature.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { S3Error } from '../errors.js';
import { canonicalHeaders, canonicalRequest, stringToSign } from './canonicalRequest.js';
import { AMZ_DATE, prepare, SCOPE, SECRET, vectors } from './sigV4Suite.fixtures.js';
import { deriveSigningKey, hmacHex } from './signingKey.js';
import { canonicalPath, canonicalQueryString, parseQuery } from './uriEncode.js';
import { verifySignature } from './verifySignature.js';

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
