import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { sendBody } from './sendBody.js';

/** A body of `count` chunks of `size` bytes (chunk i filled with i) that records what comes back. */
class RecyclingBody extends Readable {
  readonly recycled: Buffer[] = [];
  private sent = 0;
  constructor(
    private readonly count: number,
    private readonly size: number,
  ) {
    super({ highWaterMark: size });
  }
  override _read(): void {
    if (this.sent === this.count) return void this.push(null);
    this.push(Buffer.alloc(this.size, this.sent++ & 0xff));
  }
  recycle(chunk: Buffer): void {
    this.recycled.push(chunk);
  }
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

test('every chunk reaches the client and comes back to its body exactly once', async () => {
  const body = new RecyclingBody(40, 256 * 1024);
  let sent: Promise<void> | undefined;
  const { server, port } = await serve((_req, res) => {
    res.writeHead(200, { 'Content-Length': String(40 * 256 * 1024) });
    sent = sendBody(body, res, new AbortController().signal);
  });
  try {
    const received = await new Promise<Buffer>((resolve, reject) => {
      request({ port, host: '127.0.0.1', path: '/' }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(Buffer.concat(parts)));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    await sent;
    assert.equal(received.length, 40 * 256 * 1024);
    for (let i = 0; i < 40; i++) assert.equal(received[i * 256 * 1024 + 100], i, `chunk ${i}`);
    assert.equal(body.recycled.length, 40);
    assert.equal(new Set(body.recycled).size, 40, 'no chunk twice');
  } finally {
    server.close();
  }
});

test('a client that goes away mid-body fails the send and destroys the body', async () => {
  const body = new RecyclingBody(10_000, 64 * 1024); // far more than socket buffers hold
  let sent: Promise<void> | undefined;
  const { server, port } = await serve((_req, res) => {
    res.writeHead(200, { 'Content-Length': String(10_000 * 64 * 1024) });
    sent = sendBody(body, res, new AbortController().signal);
  });
  try {
    await new Promise<void>((resolve) => {
      const req = request({ port, host: '127.0.0.1', path: '/' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      req.end();
    });
    await assert.rejects(sent!, { code: 'ERR_STREAM_PREMATURE_CLOSE' });
    assert.equal(body.destroyed, true);
  } finally {
    server.close();
  }
});
