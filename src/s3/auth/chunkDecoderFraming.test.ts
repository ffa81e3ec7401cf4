// aws-chunked framing: bodies decode however the network splits them; bad
// or truncated framing is IncompleteBody, found within a bounded line; the
// trailer is checked against what the request declared.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { checksumOf } from '../../util/checksum.js';
import { S3Error } from '../errors.js';
import { AwsChunkedDecoder, type ChunkDecoderOptions } from './chunkDecoder.js';
import { signing, AWS_SIGNED_BODY, encode, decode, decodeFails, randomSplits } from './chunkDecoder.fixtures.js';

test('small bodies decode when split at every byte boundary (signed, unsigned trailer)', async () => {
  const chunks = [Buffer.from('hello'), Buffer.from('!\r\n'), Buffer.from('x')];
  const data = Buffer.concat(chunks);
  const crc = checksumOf('CRC32', data).toString('base64');
  // Signed bodies: one short chunk, the only place S3 allows one (see InvalidChunkSizeError in chunkDecoderSignatures.test.ts).
  const cases: Array<[Buffer, ChunkDecoderOptions]> = [
    [encode([data], { sign: signing('a'.repeat(64)) }), { decodedContentLength: 9, trailer: false, signing: signing('a'.repeat(64)) }],
    [
      encode([data], { sign: signing('b'.repeat(64)), trailer: ['x-amz-checksum-crc32', crc] }),
      { decodedContentLength: 9, trailer: true, declaredTrailer: 'x-amz-checksum-crc32', signing: signing('b'.repeat(64)) },
    ],
    [
      encode(chunks, { trailer: ['x-amz-checksum-crc32', crc] }),
      { decodedContentLength: 9, trailer: true, declaredTrailer: 'x-amz-checksum-crc32' },
    ],
  ];
  for (const [body, options] of cases) {
    for (let cut = 0; cut <= body.length; cut++) {
      const result = await decode(body, [cut], options);
      assert.deepEqual(result.data, data, `split at ${cut}`);
      if (options.trailer) assert.deepEqual(result.checksum, { algorithm: 'CRC32', value: crc });
    }
    const oneByteAtATime = await decode(body, new Array<number>(body.length).fill(1), options);
    assert.deepEqual(oneByteAtATime.data, data);
  }
});

test('large unsigned-trailer bodies in SDK framing decode intact at random splits', async () => {
  const data = randomBytes(1024 * 1024 + 123);
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += 65536) chunks.push(data.subarray(at, at + 65536));
  const crc = checksumOf('CRC32', data).toString('base64');
  const body = encode(chunks, { trailer: ['x-amz-checksum-crc32', crc] });
  const options = { decodedContentLength: data.length, trailer: true, declaredTrailer: 'x-amz-checksum-crc32' };
  for (const seed of [11, 12, 13]) {
    const result = await decode(body, randomSplits(seed), options);
    assert.ok(result.data.equals(data));
    assert.deepEqual(result.checksum, { algorithm: 'CRC32', value: crc });
  }
  // Signed 8 KiB chunks (the smallest S3 allows) work as well as the SDKs' 64 KiB.
  const small: Buffer[] = [];
  for (let at = 0; at < data.length; at += 8192) small.push(data.subarray(at, at + 8192));
  const signedBody = encode(small, { sign: signing('c'.repeat(64)) });
  const signedResult = await decode(signedBody, randomSplits(14), {
    decodedContentLength: data.length,
    trailer: false,
    signing: signing('c'.repeat(64)),
  });
  assert.ok(signedResult.data.equals(data));
});

test('truncated or malformed framing is IncompleteBody', async () => {
  const options = {
    decodedContentLength: 66560,
    trailer: false,
    signing: signing('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
  };
  for (const cut of [0, 5, 90, 1000, 65536 + 87, 65536 + 88, 65536 + 89, AWS_SIGNED_BODY.length - 90]) {
    await decodeFails(AWS_SIGNED_BODY.subarray(0, cut), options, 'IncompleteBody');
  }
  const plain = { decodedContentLength: 5, trailer: true };
  await decodeFails(Buffer.from('zz\r\nhello\r\n0\r\n\r\n'), plain, 'IncompleteBody', /invalid size line/);
  await decodeFails(Buffer.from('\r\nhello\r\n0\r\n\r\n'), plain, 'IncompleteBody', /invalid size line/);
  await decodeFails(Buffer.from('5\r\nhelloXX0\r\n\r\n'), plain, 'IncompleteBody', /CRLF/);
  await decodeFails(Buffer.from('4\r\nhello\r\n0\r\n\r\n'), plain, 'IncompleteBody', /CRLF/);
  await decodeFails(
    Buffer.from('5\r\nhello\r\n0\r\n\r\nGARBAGE'),
    { decodedContentLength: 5, trailer: false },
    'IncompleteBody',
    /after the end/,
  );
  // Fewer bytes than declared, and more: the latter refused at the size line, before its data.
  await decodeFails(Buffer.from('3\r\nhel\r\n0\r\n\r\n'), plain, 'IncompleteBody', /declared 5/);
  await decodeFails(Buffer.from('6\r\nhello'), plain, 'IncompleteBody', /longer than the 5 bytes/);
});

test('a garbage stream is refused after a bounded line, not buffered', async () => {
  const garbage = Buffer.alloc(1024 * 1024, 'x');
  const decoder = new AwsChunkedDecoder({ decodedContentLength: 10, trailer: false });
  const failed = new Promise<unknown>((resolve) => decoder.once('error', resolve));
  decoder.write(garbage.subarray(0, 3000));
  decoder.write(garbage.subarray(3000, 6000));
  const err = await failed;
  assert.ok(err instanceof S3Error && err.code === 'IncompleteBody', String(err));
  assert.match(err.message, /longer than 4096 bytes/);
});

test('trailers: declared and sent, undeclared, missing, in a mode without trailers', async () => {
  const crc = checksumOf('CRC32', Buffer.from('hello')).toString('base64');
  const body = (trailer: string): Buffer => Buffer.from(`5\r\nhello\r\n0\r\n${trailer}\r\n`);
  const declared = { decodedContentLength: 5, trailer: true, declaredTrailer: 'x-amz-checksum-crc32' };
  assert.deepEqual((await decode(body(`x-amz-checksum-crc32:${crc}\r\n`), [999], declared)).checksum, { algorithm: 'CRC32', value: crc });
  // The last line may come without CRLF at the very end of the body.
  assert.deepEqual((await decode(Buffer.from(`5\r\nhello\r\n0\r\nx-amz-checksum-crc32:${crc}`), [999], declared)).checksum, {
    algorithm: 'CRC32',
    value: crc,
  });
  await decodeFails(body(`x-amz-checksum-sha1:${crc}\r\n`), declared, 'InvalidRequest', /not declared/);
  await decodeFails(body(''), declared, 'InvalidRequest', /declared "x-amz-checksum-crc32"/);
  await decodeFails(body(`x-amz-checksum-crc32:${crc}\r\n`), { decodedContentLength: 5, trailer: true }, 'InvalidRequest', /not declared/);
  await decodeFails(body(`x-amz-checksum-crc32:${crc}\r\n`), { decodedContentLength: 5, trailer: false }, 'InvalidRequest', /only allowed/);
  await decodeFails(body('no colon here\r\n'), declared, 'InvalidRequest', /malformed trailing header/);
  // No trailer declared and none sent: fine, and nothing to report.
  assert.equal((await decode(body(''), [999], { decodedContentLength: 5, trailer: true })).checksum, undefined);
});
