// What the verifier tells a client whose signature does not match: enough to
// diff its own canonical request against the server's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { S3Error } from '../errors.js';
import { sha256Hex } from './canonicalRequest.js';
import { AMZ_DATE, HOST, prepare, SCOPE, vectors } from './sigV4Suite.fixtures.js';
import { deriveSigningKey } from './signingKey.js';
import { verifySignature } from './verifySignature.js';

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
