import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { CHUNK_BYTES } from './scratch.js';
import { referenceEncode } from './scalarReference.js';
import { loadVariants, randomShards } from '../../../../test/support/erasureCodec.js';

const variants = await loadVariants();

const LAYOUTS = [
  [1, 1],
  [2, 1],
  [4, 2],
  [6, 3],
  [8, 4],
  [12, 4],
  [16, 8],
  [5, 7],
] as const;
// Around the 64-byte kernel step, the 16-byte vector, and the scratch chunk; 1 MiB / 8 is an 8+4 stripe's shard.
const LENGTHS = [0, 1, 15, 16, 17, 63, 64, 65, 4095, CHUNK_BYTES - 1, CHUNK_BYTES + 17, (1024 * 1024) / 8];

for (const { variant, codec } of variants) {
  test(`encode (${variant}) equals the scalar reference for every layout and length`, () => {
    for (const [k, m] of LAYOUTS) {
      const rs = codec(k, m);
      for (const length of LENGTHS) {
        // The reference is slow; the long lengths on the small layouts only.
        if (length > 5000 && k * m > 32) continue;
        const data = randomShards(k, length, k * 1000 + m * 100 + length);
        const parity = randomShards(m, length, 99); // garbage to be overwritten
        rs.encode(data, parity);
        assert.deepEqual(parity, referenceEncode(data, m), `${k}+${m}, ${length} bytes`);
      }
    }
  });

  test(`encode (${variant}) handles the largest layouts (256 shards in all)`, () => {
    for (const [k, m] of [
      [200, 56],
      [1, 255],
      [255, 1],
    ] as const) {
      const data = randomShards(k, 130, k + m);
      const parity = randomShards(m, 130, 1);
      codec(k, m).encode(data, parity);
      assert.deepEqual(parity, referenceEncode(data, m), `${k}+${m}`);
    }
  });

  test(`encode (${variant}): parity 0 is the XOR of the data; 1+1 mirrors`, () => {
    const data = randomShards(5, 1000, 5);
    const parity = randomShards(3, 1000, 6);
    codec(5, 3).encode(data, parity);
    const xor = new Uint8Array(1000);
    for (const shard of data) shard.forEach((byte, i) => (xor[i]! ^= byte));
    assert.deepEqual(parity[0], xor);
    const [mirror] = randomShards(1, 77, 8);
    const copy = new Uint8Array(77);
    codec(1, 1).encode([mirror!], [copy]);
    assert.deepEqual(copy, mirror);
  });

  test(`encode (${variant}) output is pinned (the on-disk format)`, () => {
    const data = randomShards(8, 4096, 2024);
    const parity = Array.from({ length: 4 }, () => new Uint8Array(4096));
    codec(8, 4).encode(data, parity);
    const digest = createHash('sha256');
    for (const shard of parity) digest.update(shard);
    assert.equal(digest.digest('hex'), PINNED_8_4_PARITY_SHA256);
  });
}

// sha256 of the four parity shards of randomShards(8, 4096, 2024).
const PINNED_8_4_PARITY_SHA256 = 'c27604ac8b97fcc28a21f3b07e4a0ed7a625b39e84094e8d2a1867b3fad61683';

test('encode accepts shards that are views into a larger buffer', () => {
  const rs = variants[0]!.codec(4, 2);
  const backing = randomShards(1, 6 * 100 + 3, 3)[0]!;
  const data = [0, 1, 2, 3].map((i) => backing.subarray(3 + i * 100, 3 + (i + 1) * 100));
  const parity = [4, 5].map((i) => backing.subarray(3 + i * 100, 3 + (i + 1) * 100));
  const expected = referenceEncode(data, 2);
  rs.encode(data, parity);
  assert.deepEqual(parity, expected);
});

test('encode refuses wrong shard counts and unequal lengths', () => {
  const rs = variants[0]!.codec(4, 2);
  const shards = (n: number, length = 10): Uint8Array[] => Array.from({ length: n }, () => new Uint8Array(length));
  assert.throws(() => rs.encode(shards(3), shards(2)), /expected 4 shards/);
  assert.throws(() => rs.encode(shards(4), shards(3)), /expected 2 shards/);
  assert.throws(() => rs.encode([...shards(3), new Uint8Array(11)], shards(2)), /differ in length/);
  assert.throws(() => rs.encode(shards(4), [new Uint8Array(10), new Uint8Array(9)]), /differ in length/);
});

test('scratch memory stays bounded whatever the shard size', () => {
  const rs = variants[0]!.codec(8, 4);
  const size = 4 * 1024 * 1024; // a 32 MiB stripe
  const data = randomShards(8, size, 1);
  const parity = Array.from({ length: 4 }, () => new Uint8Array(size));
  rs.encode(data, parity);
  const bound = 2048 + 8 * 4 * 32 + 12 * CHUNK_BYTES + 65536; // layout plus one page of rounding
  assert.ok(rs.scratchMemoryBytes <= bound, `${rs.scratchMemoryBytes} bytes of WebAssembly memory`);
  assert.deepEqual(
    parity[0]!.subarray(size - 100),
    referenceEncode(
      data.map((d) => d.subarray(size - 100)),
      4,
    )[0],
  );
});
