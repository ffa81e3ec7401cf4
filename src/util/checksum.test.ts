import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checksumOf, combineCrc, compositeChecksum, createChecksum, type ChecksumAlgorithmName } from './checksum.js';

const check = Buffer.from('123456789');

test('CRC check values for "123456789" match the published catalogue', () => {
  assert.equal(checksumOf('CRC32', check).toString('hex'), 'cbf43926');
  assert.equal(checksumOf('CRC32C', check).toString('hex'), 'e3069283');
  assert.equal(checksumOf('CRC64NVME', check).toString('hex'), 'ae8b14860a799888');
});

test('incremental updates over odd splits equal one-shot digests', () => {
  const data = Buffer.alloc(100_003);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff;
  for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as ChecksumAlgorithmName[]) {
    const h = createChecksum(alg);
    h.update(data.subarray(0, 3));
    h.update(data.subarray(3, 50_001));
    h.update(data.subarray(50_001));
    assert.deepEqual(h.digest(), checksumOf(alg, data), alg);
  }
});

test('combineCrc(crc(A), crc(B), len(B)) equals crc(A||B)', () => {
  const a = Buffer.from('the quick brown fox ');
  const b = Buffer.alloc(70_000, 0x5a);
  for (const alg of ['CRC32', 'CRC32C', 'CRC64NVME'] as ChecksumAlgorithmName[]) {
    const combined = combineCrc(alg, checksumOf(alg, a), checksumOf(alg, b), b.length);
    assert.deepEqual(combined, checksumOf(alg, Buffer.concat([a, b])), alg);
  }
});

test('compositeChecksum hashes the binary part digests and appends -N', () => {
  const parts = [Buffer.from('a'), Buffer.from('b')].map((p) => checksumOf('CRC32', p));
  const expected = checksumOf('CRC32', Buffer.concat(parts)).toString('base64') + '-2';
  assert.equal(compositeChecksum('CRC32', parts), expected);
});
