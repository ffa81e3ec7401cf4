import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createReedSolomon, initCodec, kernelVariant, shardSize } from './index.js';

// This file's process has not loaded the codec yet: this test must run first.
test('createReedSolomon before initCodec says what to do', () => {
  assert.throws(() => createReedSolomon(4, 2), /initCodec/);
});

test('initCodec loads once; createReedSolomon then round-trips a stripe', async () => {
  await Promise.all([initCodec(), initCodec()]);
  assert.match(kernelVariant(), /^(relaxed-simd|simd)$/);
  const rs = createReedSolomon(4, 2);
  assert.equal(rs.dataShards, 4);
  assert.equal(rs.parityShards, 2);

  const stripe = new Uint8Array(1000).map((_, i) => (i * 31) & 0xff);
  const size = shardSize(stripe.length, 4);
  const data = [0, 1, 2, 3].map((i) => {
    const shard = new Uint8Array(size); // zero padding past the stripe's end
    shard.set(stripe.subarray(i * size, (i + 1) * size));
    return shard;
  });
  const parity = [new Uint8Array(size), new Uint8Array(size)];
  rs.encode(data, parity);
  assert.equal(rs.verify([...data, ...parity]), true);
  const out = [new Uint8Array(size), null, new Uint8Array(size), null, null, null];
  rs.reconstruct([null, data[1]!, null, data[3]!, parity[0]!, parity[1]!], out);
  assert.deepEqual(out[0], data[0]);
  assert.deepEqual(out[2], data[2]);
});

test('createReedSolomon validates the layout', async () => {
  await initCodec();
  assert.throws(() => createReedSolomon(0, 2), /dataShards must be an integer ≥ 1/);
  assert.throws(() => createReedSolomon(2.5, 2), /dataShards/);
  assert.throws(() => createReedSolomon(4, -1), /parityShards must be an integer ≥ 0/);
  assert.throws(() => createReedSolomon(200, 57), /at most 256/);
  assert.doesNotThrow(() => createReedSolomon(16, 8));
  const noParity = createReedSolomon(3, 0); // a one-drive-like layout: nothing to compute
  noParity.encode([new Uint8Array(5), new Uint8Array(5), new Uint8Array(5)], []);
  assert.equal(noParity.verify([new Uint8Array(5), new Uint8Array(5), new Uint8Array(5)]), true);
});

test('shardSize divides a stripe into equal padded shards', () => {
  assert.equal(shardSize(1024 * 1024, 8), 131072);
  assert.equal(shardSize(1024 * 1024, 12), 87382);
  assert.equal(shardSize(0, 4), 0);
  assert.equal(shardSize(1, 4), 1);
  assert.equal(shardSize(9, 4), 3);
  assert.throws(() => shardSize(-1, 4), RangeError);
  assert.throws(() => shardSize(10, 0), RangeError);
});
