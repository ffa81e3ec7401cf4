// Clients that walk away from uploads and copies, stall, trickle or
// half-close, on every layout. Nothing they sent may be stored, no staging
// file may stay behind, and the server must be whole afterwards (see
// HostileWorld.assertIntact).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32 } from '@node-rs/crc32';
import { CreateMultipartUploadCommand, HeadObjectCommand, ListPartsCommand, AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import { signedHeaders } from '../rawRequest.js';
import { HostileWorld, LAYOUTS, seededRandom } from './fixture.js';
import { closed, hangUpAfter, openSocket, requestHead, sendHalfClosed, sendPartial } from './sockets.js';

const SEED = Number(process.env.LODE_HOSTILE_SEED ?? Date.now() % 100000);
/** Short limits so that stalls and trickles are judged within a test. */
const SLOW_CLIENT_ENV = { LODE_IDLE_TIMEOUT_SECONDS: '2', LODE_UPLOAD_RATE_WINDOW_SECONDS: '1', LODE_MIN_UPLOAD_BYTES_PER_SECOND: '4096' };

function awsChunked(data: Buffer, chunkBytes: number): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; at += chunkBytes) {
    const chunk = data.subarray(at, at + chunkBytes);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  }
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(data) >>> 0);
  parts.push(Buffer.from(`0\r\nx-amz-checksum-crc32:${sum.toString('base64')}\r\n\r\n`));
  return Buffer.concat(parts);
}

for (const layout of LAYOUTS) {
  describe(`hostile uploads (${layout.name})`, { timeout: 120_000 }, () => {
    let world: HostileWorld;
    const random = seededRandom(SEED + 1);
    before(async () => {
      world = await HostileWorld.start(layout, SLOW_CLIENT_ENV);
    });
    after(async () => {
      await world?.dispose();
    });

    const assertAbsent = async (key: string): Promise<void> => {
      await assert.rejects(world.s3.send(new HeadObjectCommand({ Bucket: world.bucket, Key: key })), (e: Error) => e.name === 'NotFound');
    };

    it(`hangs up mid-body on PUT and UploadPart, at random points (seed ${SEED})`, async () => {
      const data = randomBytes(6 * 1024 * 1024);
      const { UploadId } = await world.s3.send(new CreateMultipartUploadCommand({ Bucket: world.bucket, Key: 'cut-mp' }));
      for (let i = 0; i < 8; i++) {
        const cut = Math.floor(random() * data.length * 0.95);
        const target = i % 2 === 0 ? await world.presignedPut('cut-put') : await world.presignedUploadPart('cut-mp', UploadId!, 1);
        const head = requestHead({ method: 'PUT', target, headers: { 'content-length': String(data.length) } }, world.port);
        await sendPartial(world.port, Buffer.concat([Buffer.from(head), data.subarray(0, cut)]), i % 4 < 2 ? 'reset' : 'close', 50);
      }
      await assertAbsent('cut-put');
      const parts = await world.s3.send(new ListPartsCommand({ Bucket: world.bucket, Key: 'cut-mp', UploadId }));
      assert.equal(parts.Parts?.length ?? 0, 0, 'no part was stored from a cut body');
      await world.s3.send(new AbortMultipartUploadCommand({ Bucket: world.bucket, Key: 'cut-mp', UploadId }));
      await world.assertIntact('after cut uploads');
    });

    it('hangs up mid-body on aws-chunked uploads with a trailing checksum', async () => {
      const data = randomBytes(2 * 1024 * 1024 + 3);
      const framed = awsChunked(data, 64 * 1024);
      for (let i = 0; i < 6; i++) {
        const headers = await signedHeaders({
          port: world.port,
          method: 'PUT',
          path: `/${world.bucket}/cut-chunked`,
          payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
          headers: {
            'content-encoding': 'aws-chunked',
            'x-amz-decoded-content-length': String(data.length),
            'x-amz-trailer': 'x-amz-checksum-crc32',
            'content-length': String(framed.length),
          },
        });
        const head = requestHead({ method: 'PUT', target: `/${world.bucket}/cut-chunked`, headers }, world.port);
        // Cut anywhere, including inside the final chunk or the trailer.
        const cut = i === 5 ? framed.length - 5 : Math.floor(random() * framed.length);
        await sendPartial(world.port, Buffer.concat([Buffer.from(head), framed.subarray(0, cut)]), 'reset', 50);
      }
      await assertAbsent('cut-chunked');
      await world.assertIntact('after cut aws-chunked uploads');
    });

    it('hangs up during CopyObject and UploadPartCopy of large sources', async () => {
      const { UploadId } = await world.s3.send(new CreateMultipartUploadCommand({ Bucket: world.bucket, Key: 'copy-mp' }));
      for (let i = 0; i < 6; i++) {
        const partCopy = i % 2 === 1;
        const path = `/${world.bucket}/${partCopy ? 'copy-mp' : 'copy-dst'}`;
        const query: Record<string, string> = partCopy ? { partNumber: '1', uploadId: UploadId! } : {};
        const source = `/${world.bucket}/${world.key(i % 3 === 0 ? 'multipart' : 'single')}`;
        const headers = await signedHeaders({
          port: world.port,
          method: 'PUT',
          path,
          query,
          payloadHash: 'UNSIGNED-PAYLOAD',
          headers: { 'x-amz-copy-source': source },
        });
        const target = path + (partCopy ? `?partNumber=1&uploadId=${encodeURIComponent(UploadId!)}` : '');
        // Hang up at once, or after a moment while the copy runs.
        await sendPartial(
          world.port,
          requestHead({ method: 'PUT', target, headers: { ...headers, 'content-length': '0' } }, world.port),
          'reset',
          Math.floor(random() * 60),
        );
      }
      await world.s3.send(new AbortMultipartUploadCommand({ Bucket: world.bucket, Key: 'copy-mp', UploadId }));
      await world.assertIntact('after abandoned copies');
    });

    it('answers a client that half-closes after its request, and refuses one that half-closes mid-body', async () => {
      const whole = await sendHalfClosed(
        world.port,
        requestHead({ method: 'GET', target: await world.presignedGet(world.key('single')), headers: {} }, world.port),
        10_000,
      );
      const body = whole.subarray(whole.indexOf('\r\n\r\n') + 4);
      assert.match(whole.toString('latin1', 0, 20), /^HTTP\/1\.1 200/);
      assert.ok(body.equals(world.objects.get('single')!), 'the whole object arrives after the half-close');
      const head = requestHead(
        { method: 'PUT', target: await world.presignedPut('half'), headers: { 'content-length': '100000' } },
        world.port,
      );
      const answer = await sendHalfClosed(world.port, Buffer.concat([Buffer.from(head), randomBytes(5000)]), 10_000);
      assert.match(answer.toString('latin1'), /^HTTP\/1\.1 400[\s\S]*<Code>IncompleteBody<\/Code>/);
      await assertAbsent('half');
      await world.assertIntact('after half-closed sockets');
    });

    it('closes the connection of a reader that stalls past the idle timeout, and frees what it held', async () => {
      const sockets = await Promise.all([0, 1, 2].map(() => openSocket(world.port)));
      const received = sockets.map(() => 0);
      for (const s of sockets) {
        s.on('error', () => undefined);
        s.pause(); // read nothing: the server's writes back up
        s.write(requestHead({ method: 'GET', target: await world.presignedGet(world.key('multipart')), headers: {} }, world.port));
      }
      // Past the 2 s idle timeout, the server must have given up on them:
      // read what the kernel buffered, and the stream then ends, short.
      await new Promise((r) => setTimeout(r, 4500));
      const ended = Promise.all(
        sockets.map((s, i) => {
          s.on('data', (d: Buffer) => (received[i]! += d.length));
          s.resume();
          return closed(s);
        }),
      );
      await Promise.race([
        ended,
        new Promise((_, reject) => setTimeout(() => reject(new Error('the server kept stalled sockets open')), 10_000)),
      ]);
      const whole = world.objects.get('multipart')!.length;
      for (const got of received)
        assert.ok(got < whole, `a stalled reader got the whole object (${got} bytes): the server never gave up on it`);
      await world.assertIntact('after stalled readers');
    });

    it('cuts an upload that trickles below the minimum rate, with RequestTimeout, and stores nothing', async () => {
      const socket = await openSocket(world.port);
      socket.on('error', () => undefined);
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
      socket.write(
        requestHead({ method: 'PUT', target: await world.presignedPut('trickle'), headers: { 'content-length': '1000000' } }, world.port),
      );
      const drip = setInterval(() => socket.writable && socket.write(Buffer.alloc(100, 1)), 250);
      try {
        await Promise.race([
          closed(socket),
          new Promise((_, reject) => setTimeout(() => reject(new Error('a trickling upload was never cut')), 15_000)),
        ]);
      } finally {
        clearInterval(drip);
      }
      assert.match(answer, /^HTTP\/1\.1 400[\s\S]*<Code>RequestTimeout<\/Code>/);
      await assertAbsent('trickle');
      // A steady upload at a normal rate is not cut by the same guard.
      await hangUpAfter(
        world.port,
        requestHead({ method: 'GET', target: await world.presignedGet(world.key('inline')), headers: {} }, world.port),
        undefined,
        1 << 30,
      );
      await world.assertIntact('after a trickling upload');
    });
  });
}
