import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHUNK_BYTES } from './scratch.js';
import { loadVariants, randomShards } from '../../../../test/support/erasureCodec.js';

const variants = await loadVariants();

for (const { variant, codec } of variants) {
  test(`verify (${variant}) accepts intact shards and detects any flipped byte`, () => {
    for (const [k, m, length] of [
      [4, 2, 100],
      [8, 4, 2 * CHUNK_BYTES + 3],
      [1, 1, 1],
    ] as const) {
      const rs = codec(k, m);
      const data = randomShards(k, length, k);
      const parity = Array.from({ length: m }, () => new Uint8Array(length));
      rs.encode(data, parity);
      const shards = [...data, ...parity];
      assert.equal(rs.verify(shards), true, `${k}+${m} intact`);
      for (let s = 0; s < k + m; s++) {
        for (const at of new Set([0, length >> 1, length - 1])) {
          shards[s]![at]! ^= 0x20;
          assert.equal(rs.verify(shards), false, `${k}+${m}: shard ${s}, byte ${at} flipped`);
          shards[s]![at]! ^= 0x20;
        }
      }
      assert.equal(rs.verify(shards), true, `${k}+${m} restored`);
    }
  });
}

test('verify of empty shards is true; wrong counts and lengths throw', () => {
  const rs = variants[0]!.codec(4, 2);
  assert.equal(rs.verify(Array.from({ length: 6 }, () => new Uint8Array(0))), true);
  assert.throws(() => rs.verify(Array.from({ length: 5 }, () => new Uint8Array(4))), /expected 6 shards/);
  assert.throws(() => rs.verify([...Array.from({ length: 5 }, () => new Uint8Array(4)), new Uint8Array(5)]), /differ in length/);
});
