import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticate } from './index.js';
import { signRequest } from './signRequest.js';

const lookup = (id: string): string | undefined => (id === 'AKID' ? 'secret-key-123' : undefined);

test('requests signed by signRequest verify on the server side, and tampering is caught', () => {
  const nowMs = Date.UTC(2026, 0, 2, 3, 4, 5);
  const rawPath = '/bucket/a%20b%2Bc/%E4%B8%AD.txt';
  const rawQuery = 'prefix=x%2Fy&list-type=2';
  const headers = signRequest({
    method: 'GET',
    host: '127.0.0.1:9000',
    rawPath,
    rawQuery,
    headers: { 'x-amz-meta-a': ' b  c ' },
    accessKeyId: 'AKID',
    secretAccessKey: 'secret-key-123',
    nowMs,
  });
  const result = authenticate({ method: 'GET', rawPath, rawQuery, headers, nowMs }, lookup);
  assert.equal(result?.accessKeyId, 'AKID');
  assert.equal(result?.payload.kind, 'unsigned');
  assert.throws(() => authenticate({ method: 'PUT', rawPath, rawQuery, headers, nowMs }, lookup), { code: 'SignatureDoesNotMatch' });
  assert.throws(() => authenticate({ method: 'GET', rawPath, rawQuery: 'prefix=z', headers, nowMs }, lookup), {
    code: 'SignatureDoesNotMatch',
  });
  const cache = new Map<string, Buffer>();
  const again = signRequest({
    method: 'GET',
    host: 'h',
    rawPath: '/',
    accessKeyId: 'AKID',
    secretAccessKey: 'secret-key-123',
    nowMs,
    keyCache: cache,
  });
  assert.equal(cache.size, 1);
  assert.ok(authenticate({ method: 'GET', rawPath: '/', rawQuery: '', headers: again, nowMs }, lookup));
});
