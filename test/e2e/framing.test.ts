// Framing and exposure a hostile or careless client must not turn into a
// wrong answer: bytes past Content-Length (the next pipelined request to
// Node's parser), V2 presigned URLs valid for years, and data files that
// other local users could read.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ROOT_PASSWORD, ROOT_USER, startServer, type RunningServer } from './harness.js';
import { errorCode, signedHeaders } from './rawRequest.js';

/** Sends raw bytes on one connection and returns everything the server wrote until it closed it. */
function exchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server did not close the connection; got so far:\n${text}`));
    }, 10_000);
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The server may reset once it has closed; what it wrote before counts.
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') reject(err);
    });
  });
}

/** A file tree's entries with their permission bits. */
async function modesUnder(root: string): Promise<Array<{ path: string; dir: boolean; mode: number }>> {
  const out: Array<{ path: string; dir: boolean; mode: number }> = [];
  const walk = async (path: string): Promise<void> => {
    const info = await stat(path);
    out.push({ path, dir: info.isDirectory(), mode: info.mode & 0o777 });
    if (info.isDirectory()) for (const name of await readdir(path)) await walk(join(path, name));
  };
  await walk(root);
  return out;
}

describe('framing and exposure', () => {
  let parent: string;
  let server: RunningServer;
  let s3: S3Client;
  const Bucket = 'framing';

  before(async () => {
    // A data directory that does not exist yet: the server creates it.
    parent = await mkdtemp(join(tmpdir(), 'lode-framing-'));
    server = await startServer({ dataDir: join(parent, 'data') });
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
    if (parent !== undefined) await rm(parent, { recursive: true, force: true });
  });

  it('a body longer than its Content-Length: the request is answered, the extra bytes get 400 and the connection closes', async () => {
    for (const [name, extra] of [
      ['garbage', 'GARBAGE'],
      ['garbage line', 'NOT HTTP AT ALL\r\n\r\n'],
      ['many bytes', 'x'.repeat(200_000)],
    ] as const) {
      const Key = `pipelined-${name.replace(/ /g, '-')}`;
      const headers = await signedHeaders({ port: server.port, method: 'PUT', path: `/${Bucket}/${Key}`, body: 'hello' });
      headers['content-length'] = '5';
      const head = `PUT /${Bucket}/${Key} HTTP/1.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n')}\r\n\r\n`;
      const reply = await exchange(server.port, Buffer.from(`${head}hello${extra}`));
      const statuses = [...reply.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
      assert.deepEqual(statuses, ['200', '400'], `${name}: ${reply.slice(0, 500)}`);
      const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
      assert.equal(await got.Body?.transformToString(), 'hello', `${name}: exactly the declared body is stored`);
    }
    // A well-formed request after the body is simply the next request.
    const headers = await signedHeaders({ port: server.port, method: 'PUT', path: `/${Bucket}/then-get`, body: 'hello' });
    headers['content-length'] = '5';
    const head = `PUT /${Bucket}/then-get HTTP/1.1\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n`;
    const reply = await exchange(
      server.port,
      Buffer.from(`${head}helloGET /${Bucket}/then-get HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    );
    assert.deepEqual(
      [...reply.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]),
      ['200', '403'],
      reply.slice(0, 500),
    );
    assert.doesNotMatch(server.output(), /request failed|InternalError|uncaught/i);
    // The server is still serving.
    await s3.send(new PutObjectCommand({ Bucket, Key: 'after', Body: 'still up' }));
  });

  it('a Signature V2 presigned URL more than a week ahead is AccessDenied, as a V4 one is', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'v2', Body: 'v2 body' }));
    const get = async (expiresSeconds: number): Promise<{ status: number; body: string }> => {
      const expires = String(Math.floor(Date.now() / 1000) + expiresSeconds);
      const signature = createHmac('sha1', ROOT_PASSWORD).update(`GET\n\n\n${expires}\n/${Bucket}/v2`).digest('base64');
      const url = `${server.endpoint}/${Bucket}/v2?AWSAccessKeyId=${ROOT_USER}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
      const res = await fetch(url);
      return { status: res.status, body: await res.text() };
    };
    const day = await get(86_400);
    assert.equal(day.status, 200, day.body);
    assert.equal(day.body, 'v2 body');
    const years = await get(10 * 365 * 86_400);
    assert.equal(years.status, 403, years.body);
    assert.equal(errorCode(years.body), 'AccessDenied');
    assert.match(years.body, /less than a week \(in seconds\)/);
  });

  it('data files, the index, format.json and every directory are private to the server user (0600 / 0700)', async () => {
    // Larger than the 128 KiB inline limit: the object gets a data file.
    await s3.send(new PutObjectCommand({ Bucket, Key: 'large', Body: randomBytes(300 * 1024) }));
    const entries = await modesUnder(server.dataDir);
    const files = entries.filter((e) => !e.dir);
    assert.ok(
      files.some((e) => e.path.includes(`${join(server.dataDir, 'data')}/`)),
      'a data file was written',
    );
    assert.ok(files.some((e) => e.path.endsWith('format.json')));
    assert.ok(
      files.some((e) => e.path.endsWith('.mdb')),
      'the LMDB index files are there',
    );
    for (const entry of entries) {
      assert.equal(entry.mode.toString(8), entry.dir ? '700' : '600', entry.path);
    }
  });
});
