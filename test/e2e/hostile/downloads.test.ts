// Clients that walk away from downloads, on every stored shape and layout:
// hang-ups mid-body (ranged, whole, by part number), right after the
// response headers, while still sending the request, and many at once;
// listings abandoned mid-answer; pipelined requests on one connection.
// After each, the server must be whole: see HostileWorld.assertIntact.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { HostileWorld, LAYOUTS, SHAPES, seededRandom, type Shape } from './fixture.js';
import { hangUpAfter, headerEnd, requestHead, sendPartial, splitResponses, openSocket, closed } from './sockets.js';

const SEED = Number(process.env.LODE_HOSTILE_SEED ?? Date.now() % 100000);

for (const layout of LAYOUTS) {
  describe(`hostile downloads (${layout.name})`, { timeout: 120_000 }, () => {
    let world: HostileWorld;
    const random = seededRandom(SEED);
    before(async () => {
      world = await HostileWorld.start(layout);
    });
    after(async () => {
      await world?.dispose();
    });

    const get = async (shape: Shape, headers: Record<string, string> = {}, partNumber?: number): Promise<string> =>
      requestHead(
        { method: 'GET', target: await world.presignedGet(world.key(shape), partNumber !== undefined ? { partNumber } : {}), headers },
        world.port,
      );

    it(`hangs up mid-body at random points, whole and ranged, on every shape (seed ${SEED})`, async () => {
      for (const shape of SHAPES) {
        const size = world.objects.get(shape)!.length;
        for (let i = 0; i < 12; i++) {
          const ranged = i % 2 === 1;
          const start = Math.floor(random() * size * 0.9);
          const head = await get(shape, ranged ? { range: `bytes=${start}-` } : {});
          await hangUpAfter(world.port, head, undefined, 1 + Math.floor(random() * Math.min(size, 2_000_000)));
        }
      }
      await world.assertIntact('after mid-body hang-ups');
    });

    it('hangs up mid-body of part-number GETs', async () => {
      for (let part = 1; part <= world.multipartParts; part++) {
        await hangUpAfter(world.port, await get('multipart', {}, part), undefined, 1000 + Math.floor(random() * 500_000));
      }
      await world.assertIntact('after part-number hang-ups');
    });

    it('hangs up right after the response headers, before any body byte is read', async () => {
      for (const shape of SHAPES) {
        const socket = await openSocket(world.port);
        socket.on('error', () => undefined);
        const got: Buffer[] = [];
        await new Promise<void>((resolve) => {
          socket.on('data', (d: Buffer) => {
            got.push(d);
            if (headerEnd(Buffer.concat(got)) !== -1) {
              socket.resetAndDestroy();
              resolve();
            }
          });
          socket.once('close', () => resolve());
          void get(shape).then((h) => socket.write(h));
        });
        assert.match(Buffer.concat(got).toString('latin1'), /^HTTP\/1\.1 200/);
      }
      await world.assertIntact('after hang-ups after the headers');
    });

    it('hangs up while still sending the request headers', async () => {
      const head = await get('single');
      for (let i = 0; i < 20; i++) {
        const cut = 1 + Math.floor(random() * (head.length - 2));
        await sendPartial(world.port, head.slice(0, cut), i % 2 === 0 ? 'reset' : 'close');
      }
      await world.assertIntact('after hang-ups in the headers');
    });

    it('survives many concurrent downloads abandoned at random points', async () => {
      const heads = await Promise.all(SHAPES.map((s) => get(s)));
      const jobs: Promise<unknown>[] = [];
      for (let i = 0; i < 150; i++) {
        const which = Math.floor(random() * SHAPES.length);
        jobs.push(hangUpAfter(world.port, heads[which]!, undefined, Math.floor(random() * 1_500_000)));
      }
      await Promise.all(jobs);
      await world.assertIntact('after concurrent hang-ups');
    });

    it('answers pipelined requests on one connection in order, and a hang-up after the first leaves the server whole', async () => {
      const heads = await Promise.all([get('inline'), get('single', { range: 'bytes=0-99' }), get('inline')]);
      const socket = await openSocket(world.port);
      const chunks: Buffer[] = [];
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.write(heads.join(''));
      const deadline = Date.now() + 10_000;
      while (splitResponses(Buffer.concat(chunks)).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      socket.destroy();
      const answers = splitResponses(Buffer.concat(chunks));
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 206, 200],
      );
      assert.ok(answers[0]!.body.equals(world.objects.get('inline')!));
      assert.ok(answers[1]!.body.equals(world.objects.get('single')!.subarray(0, 100)));
      assert.ok(answers[2]!.body.equals(world.objects.get('inline')!));
      // Pipelined: a large body first, then hang up while it streams and the rest wait behind it.
      const big = await Promise.all([get('multipart'), get('single'), get('inline')]);
      await hangUpAfter(world.port, big.join(''), undefined, 300_000);
      await world.assertIntact('after pipelined requests');
    });

    it('abandons listings mid-answer', async () => {
      const keys = Array.from({ length: 600 }, (_, i) => `list/${'x'.repeat(180)}-${String(i).padStart(5, '0')}`);
      for (let i = 0; i < keys.length; i += 50) {
        await Promise.all(
          keys.slice(i, i + 50).map((Key) => world.s3.send(new PutObjectCommand({ Bucket: world.bucket, Key, Body: 'x' }))),
        );
      }
      const url = new URL(
        await getSignedUrl(world.s3, new ListObjectsV2Command({ Bucket: world.bucket, Prefix: 'list/' }), { expiresIn: 600 }),
      );
      const head = requestHead({ method: 'GET', target: url.pathname + url.search, headers: {} }, world.port);
      for (let i = 0; i < 20; i++) await hangUpAfter(world.port, head, undefined, Math.floor(random() * 100_000));
      const socket = await openSocket(world.port);
      socket.on('error', () => undefined);
      socket.write(head);
      socket.resetAndDestroy();
      await closed(socket);
      await world.assertIntact('after abandoned listings');
    });
  });
}
