import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { checksumOf } from '../../util/checksum.js';
import { S3Error, type S3ErrorCode } from '../errors.js';
import { AwsChunkedDecoder, type ChunkDecoderOptions } from './chunkDecoder.js';
import { sha256Hex } from './canonicalRequest.js';
import { canonicalTrailer, chunkSignature, chunkStringToSign, trailerSignature } from './chunkSignature.js';
import { EMPTY_SHA256 } from './constants.js';
import { decodePayload, type AuthResult } from './index.js';
import { deriveSigningKey } from './signingKey.js';
import type { ChunkSigning } from './types.js';

// The S3 API reference's chunked upload examples: 64 KiB + 1 KiB of 'a'.
const KEY = deriveSigningKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1', 's3');
const SCOPE = '20130524/us-east-1/s3/aws4_request';
const AMZ_DATE = '20130524T000000Z';
const A = Buffer.alloc(66560, 'a');
const signing = (seedSignature: string): ChunkSigning => ({ signingKey: KEY, seedSignature, scope: SCOPE, amzDate: AMZ_DATE });

function framed(sizeAndExt: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${sizeAndExt}\r\n`), data, Buffer.from('\r\n')]);
}

const AWS_SIGNED_BODY = Buffer.concat([
  framed('10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648', A.subarray(0, 65536)),
  framed('400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497', A.subarray(65536)),
  Buffer.from('0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n'),
]);

const awsTrailerBody = (afterFinal: string): Buffer =>
  Buffer.concat([
    framed('10000;chunk-signature=b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2', A.subarray(0, 65536)),
    framed('400;chunk-signature=1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7', A.subarray(65536)),
    Buffer.from(
      `0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n${afterFinal}` +
        'x-amz-checksum-crc32c:sOO8/Q==\r\n' +
        'x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n',
    ),
  ]);

/** aws-chunked encoding as the SDKs write it, signed or not, with an optional checksum trailer. */
function encode(chunks: Buffer[], opts: { sign?: ChunkSigning; trailer?: [string, string] }): Buffer {
  const parts: Buffer[] = [];
  let previous = opts.sign?.seedSignature ?? '';
  const ext = (data: Buffer): string => {
    if (opts.sign === undefined) return '';
    const hash = data.length === 0 ? EMPTY_SHA256 : sha256Hex(data);
    previous = chunkSignature(opts.sign.signingKey, opts.sign.amzDate, opts.sign.scope, previous, hash);
    return `;chunk-signature=${previous}`;
  };
  for (const c of chunks) parts.push(framed(`${c.length.toString(16)}${ext(c)}`, c));
  parts.push(Buffer.from(`0${ext(Buffer.alloc(0))}\r\n`));
  if (opts.trailer !== undefined) {
    parts.push(Buffer.from(`${opts.trailer[0]}:${opts.trailer[1]}\r\n`));
    if (opts.sign !== undefined) {
      const sig = trailerSignature(opts.sign.signingKey, opts.sign.amzDate, opts.sign.scope, previous, canonicalTrailer([opts.trailer]));
      parts.push(Buffer.from(`x-amz-trailer-signature:${sig}\r\n`));
    }
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

interface Decoded {
  data: Buffer;
  checksum: ReturnType<AwsChunkedDecoder['trailingChecksum']>;
}

async function decode(body: Buffer, pieces: number[] | ((len: number) => number[]), options: ChunkDecoderOptions): Promise<Decoded> {
  const sizes = typeof pieces === 'function' ? pieces(body.length) : pieces;
  const inputs: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    inputs.push(body.subarray(at, at + size));
    at += size;
  }
  if (at < body.length) inputs.push(body.subarray(at));
  const decoder = new AwsChunkedDecoder(options);
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(inputs),
    decoder,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        out.push(chunk);
        cb();
      },
    }),
  );
  return { data: Buffer.concat(out), checksum: decoder.trailingChecksum() };
}

async function decodeFails(body: Buffer, options: ChunkDecoderOptions, code: S3ErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(decode(body, [body.length], options), (err: unknown) => {
    assert.ok(err instanceof S3Error, String(err));
    assert.equal(err.code, code, err.message);
    if (message !== undefined) assert.match(err.message, message);
    return true;
  });
}

/** Random piece sizes from 1 byte to 20 KiB, reproducible from a seed. */
function randomSplits(seed: number): (len: number) => number[] {
  return (len) => {
    let x = seed;
    const sizes: number[] = [];
    for (let total = 0; total < len;) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const size = 1 + (x % (x % 3 === 0 ? 16 : 20480));
      sizes.push(size);
      total += size;
    }
    return sizes;
  };
}

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

test('small bodies decode when split at every byte boundary (signed, unsigned trailer)', async () => {
  const chunks = [Buffer.from('hello'), Buffer.from('!\r\n'), Buffer.from('x')];
  const data = Buffer.concat(chunks);
  const crc = checksumOf('CRC32', data).toString('base64');
  // Signed bodies: one short chunk, the only place S3 allows one (see InvalidChunkSizeError below).
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

test('backpressure: an unread decoder stops pulling from its source', async () => {
  const piece = Buffer.alloc(65536, 7);
  const total = 64;
  let produced = 0;
  const source = new Readable({
    read() {
      if (produced === total) {
        this.push(Buffer.from('0\r\n\r\n'));
        this.push(null);
        return;
      }
      produced++;
      this.push(framed(piece.length.toString(16), piece));
    },
  });
  const decoder = new AwsChunkedDecoder({ decodedContentLength: total * piece.length, trailer: true });
  source.pipe(decoder);
  for (let i = 0; i < 50; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  // Nobody reads the decoder: only a few chunks may have been pulled, not all 64.
  assert.ok(produced < 8, `produced ${produced} chunks with nobody reading`);
  let received = 0;
  for await (const chunk of decoder) received += (chunk as Buffer).length;
  assert.equal(received, total * piece.length);
});

test('decodePayload: passes plain bodies through, decodes streaming ones, fails on a cut connection', async () => {
  const plain = new PassThrough();
  const base = { accessKeyId: 'AK', region: 'us-east-1', authType: 'REST-HEADER' as const, signedAtMs: 0 };
  const unsigned: AuthResult = { ...base, payload: { kind: 'unsigned' } };
  const passed = decodePayload(plain, unsigned);
  assert.equal(passed.body, plain);
  assert.equal(passed.trailingChecksum(), undefined);

  const streaming: AuthResult = {
    ...base,
    decodedContentLength: 5,
    payload: {
      kind: 'streaming',
      signedChunks: false,
      trailer: true,
      trailerAlgorithm: 'CRC32',
      trailerHeader: 'x-amz-checksum-crc32',
      ...signing(''),
    },
  };
  const crc = checksumOf('CRC32', Buffer.from('hello')).toString('base64');
  const raw = new PassThrough();
  const decoded = decodePayload(raw, streaming);
  raw.end(`5\r\nhello\r\n0\r\nx-amz-checksum-crc32:${crc}\r\n\r\n`);
  const out: Buffer[] = [];
  for await (const chunk of decoded.body) out.push(chunk as Buffer);
  assert.equal(Buffer.concat(out).toString(), 'hello');
  assert.deepEqual(decoded.trailingChecksum(), { algorithm: 'CRC32', value: crc });

  const cut = new PassThrough();
  const broken = decodePayload(cut, streaming);
  cut.write('5\r\nhel');
  cut.destroy();
  await assert.rejects(
    (async () => {
      for await (const _chunk of broken.body) void _chunk;
    })(),
    (err: unknown) => err instanceof S3Error && err.code === 'IncompleteBody',
  );
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
