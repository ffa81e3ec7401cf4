import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticate } from './index.js';
import type { AuthInput } from './types.js';

const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const lookup = (id: string): string | undefined => (id === 'AKIAIOSFODNN7EXAMPLE' ? secret : undefined);
const when = Date.parse('Tue, 27 Mar 2007 19:36:42 +0000');

// The GET Object example of the S3 Signature Version 2 documentation.
const docExample: AuthInput = {
  method: 'GET',
  rawPath: '/photos/puppy.jpg',
  rawQuery: '',
  hostBucket: 'awsexamplebucket1',
  headers: {
    host: 'awsexamplebucket1.us-west-1.s3.amazonaws.com',
    date: 'Tue, 27 Mar 2007 19:36:42 +0000',
    authorization: 'AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=',
  },
  nowMs: when,
};

test('Signature V2 header: the documented example verifies', () => {
  const result = authenticate(docExample, lookup);
  assert.equal(result?.accessKeyId, 'AKIAIOSFODNN7EXAMPLE');
  assert.equal(result?.payload.kind, 'unsigned');
});

test('Signature V2 header: a tampered path, a wrong key or a stale date is refused', () => {
  assert.throws(() => authenticate({ ...docExample, rawPath: '/photos/kitten.jpg' }, lookup), { code: 'SignatureDoesNotMatch' });
  assert.throws(
    () =>
      authenticate({ ...docExample, headers: { ...docExample.headers, authorization: 'AWS NOBODY:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=' } }, lookup),
    { code: 'InvalidAccessKeyId' },
  );
  assert.throws(() => authenticate({ ...docExample, nowMs: when + 20 * 60_000 }, lookup), { code: 'RequestTimeTooSkewed' });
});

test('Signature V2 presigned URL: the documented example verifies until it expires', () => {
  // The query-string example of the Signature Version 2 documentation (bucket johnsmith).
  const input: AuthInput = {
    method: 'GET',
    rawPath: '/photos/puppy.jpg',
    rawQuery: 'AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620',
    hostBucket: 'johnsmith',
    headers: { host: 'johnsmith.s3.amazonaws.com' },
    nowMs: 1175139620 * 1000 - 1000,
  };
  assert.equal(authenticate(input, lookup)?.authType, 'REST-QUERY-STRING');
  assert.throws(() => authenticate({ ...input, nowMs: 1175139621 * 1000 }, lookup), {
    code: 'AccessDenied',
    message: 'Request has expired',
  });
});

test('Signature V2 presigned URL: more than a week ahead is refused, as a V4 one is', () => {
  const input: AuthInput = {
    method: 'GET',
    rawPath: '/photos/puppy.jpg',
    rawQuery: 'AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620',
    hostBucket: 'johnsmith',
    headers: { host: 'johnsmith.s3.amazonaws.com' },
    nowMs: 1175139620 * 1000 - 604800 * 1000,
  };
  // Exactly a week ahead still verifies; a second more is refused before the signature is looked at.
  assert.equal(authenticate(input, lookup)?.authType, 'REST-QUERY-STRING');
  assert.throws(() => authenticate({ ...input, nowMs: input.nowMs - 1000 }, lookup), {
    code: 'AccessDenied',
    message: /less than a week \(in seconds\) from now, that is; 604800/,
  });
});
