import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferPool } from './bufferPool.js';

test('a buffer given back is handed out again, once', () => {
  const pool = new BufferPool(1024 * 1024);
  const a = pool.take(4096);
  assert.equal(a.length, 4096);
  pool.give(a.subarray(10, 20)); // any view of it
  pool.give(a); // a second give of memory already back is ignored
  assert.equal(pool.idleBytes, 4096);
  const b = pool.take(4096);
  assert.equal(b.buffer, a.buffer, 'the same memory');
  const c = pool.take(4096);
  assert.notEqual(c.buffer, a.buffer, 'handed out once only');
  assert.equal(pool.idleBytes, 0);
});

test('memory the pool did not hand out is never taken in, and the pool keeps at most its limit', () => {
  const pool = new BufferPool(8192);
  pool.give(Buffer.allocUnsafe(4096));
  pool.give(Buffer.from("small, from node's shared pool"));
  assert.equal(pool.idleBytes, 0);
  const taken = [pool.take(4096), pool.take(4096), pool.take(4096)];
  for (const t of taken) pool.give(t);
  assert.equal(pool.idleBytes, 8192);
  // Sizes are kept apart: a request for another size gets new memory.
  assert.equal(pool.take(1000).length, 1000);
  assert.equal(pool.idleBytes, 8192);
});
