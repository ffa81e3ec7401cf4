// The decoder as a stream: it respects backpressure, and decodePayload puts
// it in front of a request body only when the payload is streamed.
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { checksumOf } from '../../util/checksum.js';
import { S3Error } from '../errors.js';
import { AwsChunkedDecoder } from './chunkDecoder.js';
import { decodePayload, type AuthResult } from './index.js';
import { framed, signing } from './chunkDecoder.fixtures.js';

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
