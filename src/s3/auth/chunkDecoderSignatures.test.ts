// aws-chunked signatures: the S3 API reference's signed examples decode,
// with and without a signed checksum trailer; a tampered chunk, signature or
// trailer is SignatureDoesNotMatch; signed chunks keep S3's 8 KiB minimum.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checksumOf } from '../../util/checksum.js';
import { sha256Hex } from './canonicalRequest.js';
import { chunkStringToSign } from './chunkSignature.js';
import {
  SCOPE,
  AMZ_DATE,
  A,
  signing,
  AWS_SIGNED_BODY,
  awsTrailerBody,
  encode,
  decode,
  decodeFails,
  randomSplits,
} from './chunkDecoder.fixtures.js';

test('the published chunk signatures: string to sign of the first chunk', () => {
  assert.equal(
    chunkStringToSign(AMZ_DATE, SCOPE, '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9', sha256Hex(A.subarray(0, 65536))),
    'AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n' +
      '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9\n' +
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n' +
      'bf718b6f653bebc184e1479f1935b8da974d701b893afcf49e701f3e2f9f9c5a',
  );
});

test('S3 example: signed chunks decode, whole and split at random', async () => {
  const options = {
    decodedContentLength: 66560,
    trailer: false,
    signing: signing('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
  };
  assert.deepEqual((await decode(AWS_SIGNED_BODY, [AWS_SIGNED_BODY.length], options)).data, A);
  for (const seed of [1, 2, 3, 4, 5]) assert.deepEqual((await decode(AWS_SIGNED_BODY, randomSplits(seed), options)).data, A);
  // A wrong seed breaks the whole chain.
  await decodeFails(AWS_SIGNED_BODY, { ...options, signing: signing('0'.repeat(64)) }, 'SignatureDoesNotMatch');
});

test('S3 example: signed chunks with a signed checksum trailer', async () => {
  const options = {
    decodedContentLength: 66560,
    trailer: true,
    declaredTrailer: 'x-amz-checksum-crc32c',
    signing: signing('106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e'),
  };
  assert.equal(checksumOf('CRC32C', A).toString('base64'), 'sOO8/Q==');
  // Clients differ on whether a blank line follows the zero-length chunk.
  for (const afterFinal of ['', '\r\n']) {
    const body = awsTrailerBody(afterFinal);
    for (const split of [[body.length], randomSplits(7)]) {
      const { data, checksum } = await decode(body, split, options);
      assert.deepEqual(data, A);
      assert.deepEqual(checksum, { algorithm: 'CRC32C', value: 'sOO8/Q==' });
    }
  }
  const tampered = Buffer.from(awsTrailerBody('').toString('latin1').replace('sOO8/Q==', 'sOO8/A=='), 'latin1');
  await decodeFails(tampered, options, 'SignatureDoesNotMatch', /trailer signature/);
  const unsignedTrailer = Buffer.from(
    awsTrailerBody('')
      .toString('latin1')
      .replace(/x-amz-trailer-signature:[0-9a-f]+\r\n/, ''),
    'latin1',
  );
  await decodeFails(unsignedTrailer, options, 'SignatureDoesNotMatch', /no x-amz-trailer-signature/);
});

test('tampered signed chunks fail with SignatureDoesNotMatch', async () => {
  const options = {
    decodedContentLength: 66560,
    trailer: false,
    signing: signing('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
  };
  const dataFlip = Buffer.from(AWS_SIGNED_BODY);
  dataFlip[66000] = 0x62; // a 'b' inside the second chunk
  await decodeFails(dataFlip, options, 'SignatureDoesNotMatch', /chunk 2/);
  const sigFlip = Buffer.from(AWS_SIGNED_BODY.toString('latin1').replace('ad80c730', 'ad80c731'), 'latin1');
  await decodeFails(sigFlip, options, 'SignatureDoesNotMatch', /chunk 1/);
  const finalFlip = Buffer.from(AWS_SIGNED_BODY.toString('latin1').replace('b6c6ea8a', 'b6c6ea8b'), 'latin1');
  await decodeFails(finalFlip, options, 'SignatureDoesNotMatch', /chunk 3/);
  const noSig = encode([Buffer.from('abc')], {});
  await decodeFails(noSig, { ...options, decodedContentLength: 3 }, 'SignatureDoesNotMatch', /no chunk-signature/);
});

test('a signed chunk shorter than 8 KiB is allowed only as the last data chunk (InvalidChunkSizeError)', async () => {
  const sign = signing('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
  const small = [Buffer.alloc(100, 'x'), Buffer.alloc(100, 'y'), Buffer.alloc(100, 'z')];
  await decodeFails(
    encode(small, { sign }),
    { decodedContentLength: 300, trailer: false, signing: sign },
    'InvalidChunkSizeError',
    /Chunk 1 of a signed aws-chunked body is shorter than 8192/,
  );
  // 8 KiB, then a short last chunk: fine (what the SDKs send).
  const ok = [Buffer.alloc(8192, 'a'), Buffer.alloc(5, 'b')];
  const decoded = await decode(encode(ok, { sign }), [1 << 20], { decodedContentLength: 8197, trailer: false, signing: sign });
  assert.ok(decoded.data.equals(Buffer.concat(ok)));
  // Unsigned chunks cost no signature and may be any size.
  const unsigned = await decode(encode(small, {}), [1 << 20], { decodedContentLength: 300, trailer: false });
  assert.ok(unsigned.data.equals(Buffer.concat(small)));
});
