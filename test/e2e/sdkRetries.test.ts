// The retries real SDKs make (they retry on timeouts and connection resets),
// against the real server on 1 drive and on a 4-drive node: a
// CompleteMultipartUpload re-sent after it committed, two uploads of one
// part number where the first to start finishes last, and a PUT or
// UploadPart whose connection is reset mid-body, then retried. After each,
// no staging file is left in any drive's .lode/tmp and no data file is
// left that nothing references.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListPartsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompleteMultipartUploadCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { makeDataDir, startServer, type RunningServer } from './harness.js';
import { expectS3Error } from './expect.js';
import { signedHeaders } from './rawRequest.js';

const MiB = 1024 * 1024;
const md5Hex = (b: Buffer | Uint8Array): string => createHash('md5').update(b).digest('hex');

/** Every file under dir (none when it does not exist). */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return out;
  }
  for (const e of entries) if (e.isFile()) out.push(join(e.parentPath ?? e.path, e.name));
  return out;
}

/** Polls until check() holds (background unlinks and aborted requests settle asynchronously); fails after timeoutMs. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface RawUpload {
  socket: Socket;
  /** Sends the rest of the body and resolves with the response head and body once the server closes. */
  finish(rest: Buffer): Promise<{ status: number; etag: string | undefined; text: string }>;
}

/** Opens a signed PUT on a plain socket and sends the headers and the first bytes of its body only. */
async function startRawPut(port: number, path: string, query: Record<string, string>, body: Buffer, sentBytes: number): Promise<RawUpload> {
  const headers = await signedHeaders({ port, method: 'PUT', path, query, payloadHash: 'UNSIGNED-PAYLOAD' });
  headers['content-length'] = String(body.length);
  headers['connection'] = 'close';
  const qs = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined); // a reset is what some tests do on purpose
  await once(socket, 'connect');
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  const closed = once(socket, 'close');
  socket.write(
    `PUT ${path}?${qs} HTTP/1.1\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n`,
  );
  socket.write(body.subarray(0, sentBytes));
  return {
    socket,
    async finish(rest) {
      socket.write(rest);
      await closed;
      return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), etag: /\r\netag: "([0-9a-f]+)"/i.exec(text)?.[1], text };
    },
  };
}

for (const drives of [1, 4]) {
  describe(`SDK retries (${drives === 1 ? '1 drive' : `${drives}-drive node`})`, () => {
    let root: string;
    let driveDirs: string[];
    let server: RunningServer;
    let s3: S3Client;
    const Bucket = 'retries';
    const dataFiles = async (): Promise<number[]> => Promise.all(driveDirs.map(async (d) => (await filesUnder(join(d, 'data'))).length));
    const stagingFiles = async (): Promise<string[]> =>
      (await Promise.all(driveDirs.map((d) => filesUnder(join(d, '.lode', 'tmp'))))).flat();
    /** Every drive holds exactly `expected` data files (one per file-backed object or part; on 4 drives a shard each), and nothing is staged. */
    const settles = async (expected: number[], what: string): Promise<void> => {
      await eventually(
        `${what}: data files ${JSON.stringify(expected)}, staging empty`,
        async () => JSON.stringify(await dataFiles()) === JSON.stringify(expected) && (await stagingFiles()).length === 0,
      );
    };

    before(async () => {
      root = drives === 1 ? await makeDataDir() : await mkdtemp(join(tmpdir(), 'lode-retries-'));
      driveDirs = drives === 1 ? [root] : Array.from({ length: drives }, (_, i) => join(root, `disk${i + 1}`));
      server = await startServer({ dataDir: drives === 1 ? root : join(root, `disk{1...${drives}}`) });
      s3 = server.client();
      await s3.send(new CreateBucketCommand({ Bucket }));
    });
    after(async () => {
      s3?.destroy();
      await server?.stop();
      if (root !== undefined) await rm(root, { recursive: true, force: true });
    });

    it('answers a re-sent CompleteMultipartUpload with the first answer, then NoSuchUpload once the object is replaced', async () => {
      await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
      try {
        const Key = 'completed-twice';
        const parts = [randomBytes(5 * MiB), randomBytes(1000)];
        const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: 'CRC32' }));
        const listed = [];
        for (const [i, Body] of parts.entries()) {
          const res = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC32' }));
          listed.push({ PartNumber: i + 1, ETag: res.ETag!, ChecksumCRC32: res.ChecksumCRC32! });
        }
        const input: CompleteMultipartUploadCommandInput = { Bucket, Key, UploadId, MultipartUpload: { Parts: listed }, IfNoneMatch: '*' };
        const answer = ({
          ETag,
          Location,
          Bucket: b,
          Key: k,
          VersionId,
          ChecksumCRC32,
          ChecksumType,
        }: Record<string, unknown>): unknown => ({ ETag, Location, Bucket: b, Key: k, VersionId, ChecksumCRC32, ChecksumType });
        const first = await s3.send(new CompleteMultipartUploadCommand(input));
        assert.match(first.ETag!, /^"[0-9a-f]{32}-2"$/);
        assert.ok(first.VersionId !== undefined && first.ChecksumCRC32 !== undefined);
        const again = await s3.send(new CompleteMultipartUploadCommand(input));
        assert.deepEqual(answer(again as unknown as Record<string, unknown>), answer(first as unknown as Record<string, unknown>));
        const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
        assert.equal(md5Hex(await got.Body!.transformToByteArray()), md5Hex(Buffer.concat(parts)));
        // Another part list is not a retry of this completion.
        await expectS3Error(
          s3.send(
            new CompleteMultipartUploadCommand({
              ...input,
              MultipartUpload: { Parts: listed.slice(1).map((p) => ({ ...p, PartNumber: 1 })) },
            }),
          ),
          'NoSuchUpload',
          404,
        );
        // Deleted since (a delete marker on top): never the old answer.
        await s3.send(new DeleteObjectCommand({ Bucket, Key }));
        await expectS3Error(s3.send(new CompleteMultipartUploadCommand(input)), 'NoSuchUpload', 404);
      } finally {
        await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Suspended' } }));
      }
    });

    it('keeps the part whose upload finished last when the first to start finishes last, and reclaims the other', async () => {
      const Key = 'raced-part';
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
      await settles(await dataFiles(), 'before the race');
      const before = await dataFiles();
      const slowBytes = randomBytes(1 * MiB + 7);
      const fastBytes = randomBytes(1 * MiB + 9);
      const slow = await startRawPut(server.port, `/${Bucket}/${Key}`, { partNumber: '1', uploadId: UploadId! }, slowBytes, 300 * 1024);
      await eventually('the first upload is being staged', async () => (await stagingFiles()).length > 0);
      const fast = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: fastBytes }));
      assert.equal(fast.ETag, `"${md5Hex(fastBytes)}"`);
      const slowAnswer = await slow.finish(slowBytes.subarray(300 * 1024));
      assert.equal(slowAnswer.status, 200, slowAnswer.text);
      assert.equal(slowAnswer.etag, md5Hex(slowBytes));
      const parts = await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
      assert.deepEqual(
        parts.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size]),
        [[1, `"${md5Hex(slowBytes)}"`, slowBytes.length]],
      );
      await settles(
        before.map((n) => n + 1),
        'the replaced part is reclaimed',
      );
      await expectS3Error(
        s3.send(
          new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: fast.ETag! }] } }),
        ),
        'InvalidPart',
        400,
      );
      await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key,
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: `"${md5Hex(slowBytes)}"` }] },
        }),
      );
      const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
      assert.equal(md5Hex(await got.Body!.transformToByteArray()), md5Hex(slowBytes));
      await settles(
        before.map((n) => n + 1),
        'the object references the part file itself',
      );
    });

    it('stores nothing for an UploadPart or PutObject reset mid-body, and exactly the retry’s bytes', async () => {
      const Key = 'reset-part';
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
      await settles(await dataFiles(), 'before the resets');
      const before = await dataFiles();
      const partBytes = randomBytes(2 * MiB + 1);
      const cutPart = await startRawPut(server.port, `/${Bucket}/${Key}`, { partNumber: '1', uploadId: UploadId! }, partBytes, MiB);
      const objectBytes = randomBytes(3 * MiB + 5); // above the inline limit: a file
      const cutPut = await startRawPut(server.port, `/${Bucket}/reset-object`, {}, objectBytes, 1536 * 1024);
      // Let the server stage what was sent, then reset both connections.
      await eventually('the cut bodies are being staged', async () => (await stagingFiles()).length > 0);
      cutPart.socket.resetAndDestroy();
      cutPut.socket.resetAndDestroy();
      await settles(before, 'the reset requests leave nothing behind');
      assert.deepEqual((await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }))).Parts ?? [], []);
      await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'reset-object' })), 'NoSuchKey', 404);

      // The retries, as the SDK sends them.
      const part = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: partBytes }));
      await s3.send(new PutObjectCommand({ Bucket, Key: 'reset-object', Body: objectBytes }));
      const parts = await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
      assert.deepEqual(
        parts.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size]),
        [[1, `"${md5Hex(partBytes)}"`, partBytes.length]],
      );
      await s3.send(
        new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }),
      );
      for (const [k, bytes] of [
        [Key, partBytes],
        ['reset-object', objectBytes],
      ] as const) {
        const got = await s3.send(new GetObjectCommand({ Bucket, Key: k }));
        assert.equal(md5Hex(await got.Body!.transformToByteArray()), md5Hex(bytes), k);
      }
      await settles(
        before.map((n) => n + 2),
        'one file per stored body',
      );
      assert.doesNotMatch(server.output(), /worker \d+ exited|uncaught|unhandled/i, 'no worker died of the resets');
    });
  });
}
