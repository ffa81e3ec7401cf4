// The SigV4 signing key: the AWS documentation example, and the cache that
// spares deriving it on every request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SECRET } from './sigV4Suite.fixtures.js';
import { deriveSigningKey, SigningKeyCache } from './signingKey.js';

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
