// Round trip with the real AWS SDK for JavaScript v3: it signs (headers,
// presigned URLs, aws-chunked bodies with trailing checksums) and talks to a
// node:http server on localhost that authenticates with this module exactly as
// the S3 server will: authInputFrom(req) → authenticate → decodePayload.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { checksumOf } from '../../util/checksum.js';
import { S3Error } from '../errors.js';
import { authenticate, authInputFrom, decodePayload, type AuthInput, type AuthResult } from './index.js';

const AK = 'AKIDLODETEST';
const SECRET = 'lode/secret+key with spaces';
const lookup = (id: string): string | undefined => (id === AK ? SECRET : undefined);
const ODD_KEY = "dir/a b+c ü € !*'()~=&;$@,[]#%.txt";

interface Seen {
  input: AuthInput;
  auth: AuthResult | null;
  body: Buffer;
  checksum: ReturnType<ReturnType<typeof decodePayload>['trailingChecksum']>;
}

let server: http.Server;
let endpoint = '';
let clockOffsetMs = 0;
const seen: Seen[] = [];

function xmlError(res: ServerResponse, err: S3Error): void {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  res.writeHead(err.status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${err.code}</Code><Message>${esc(err.message)}</Message></Error>`);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const input = authInputFrom(req, Date.now() + clockOffsetMs);
  try {
    const auth = authenticate(input, lookup);
    const decoded = auth === null ? { body: req, trailingChecksum: () => undefined } : decodePayload(req, auth);
    const parts: Buffer[] = [];
    for await (const chunk of decoded.body) parts.push(chunk as Buffer);
    seen.push({ input, auth, body: Buffer.concat(parts), checksum: decoded.trailingChecksum() });
  } catch (err) {
    req.resume(); // drain what the client still sends, then answer
    if (err instanceof S3Error) return xmlError(res, err);
    throw err;
  }
  if (input.rawQuery.includes('list-type=2')) {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><KeyCount>0</KeyCount><MaxKeys>5</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>',
    );
  } else if (input.rawQuery.startsWith('delete')) {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end('<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>');
  } else {
    res.writeHead(200, { etag: '"0123456789abcdef0123456789abcdef"', 'content-length': req.method === 'GET' ? '5' : '0' });
    res.end(req.method === 'GET' ? 'hello' : '');
  }
}

function client(options: { secret?: string; region?: string; sessionToken?: string } = {}): S3Client {
  const credentials =
    options.sessionToken === undefined
      ? { accessKeyId: AK, secretAccessKey: options.secret ?? SECRET }
      : { accessKeyId: AK, secretAccessKey: options.secret ?? SECRET, sessionToken: options.sessionToken };
  return new S3Client({ endpoint, forcePathStyle: true, region: options.region ?? 'us-east-1', credentials, maxAttempts: 1 });
}

function last(): Seen {
  const s = seen.at(-1);
  assert.ok(s !== undefined, 'the server saw no request');
  return s;
}

/** GET/PUT a URL sending its path and query exactly as the presigner wrote them. */
function rawRequest(url: string, method: string, body?: Buffer): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const path = url.slice(url.indexOf(u.host) + u.host.length);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function s3Code(err: unknown): string {
  return err instanceof Error ? err.name : String(err);
}

before(async () => {
  server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('SDK PutObject (buffer body, odd key, metadata) authenticates', async () => {
  const body = Buffer.from('hello, lode');
  await client().send(new PutObjectCommand({ Bucket: 'bucket', Key: ODD_KEY, Body: body, Metadata: { owner: 'a  b' } }));
  const s = last();
  assert.ok(s.auth !== null);
  assert.equal(s.auth.accessKeyId, AK);
  assert.equal(s.auth.authType, 'REST-HEADER');
  assert.ok(s.body.equals(body));
});

test('SDK PutObject with a stream body sends aws-chunked with a trailing CRC that decodes', async () => {
  const data = randomBytes(300 * 1024 + 7);
  await client().send(
    new PutObjectCommand({
      Bucket: 'bucket',
      Key: 'big/object.bin',
      Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]),
      ContentLength: data.length,
    }),
  );
  const s = last();
  assert.ok(s.auth !== null);
  assert.equal(s.auth.payload.kind, 'streaming', `payload ${JSON.stringify(s.auth.payload.kind)}`);
  if (s.auth.payload.kind !== 'streaming') return;
  assert.equal(s.auth.payload.trailer, true);
  assert.equal(s.auth.decodedContentLength, data.length);
  assert.ok(s.body.equals(data));
  assert.ok(s.checksum !== undefined, 'no trailing checksum');
  assert.equal(s.auth.payload.trailerAlgorithm, s.checksum.algorithm);
  assert.equal(s.checksum.value, checksumOf(s.checksum.algorithm, data).toString('base64'));
});

test('SDK GET, HEAD, ListObjectsV2 with several query parameters, DeleteObjects', async () => {
  const c = client();
  const got = await c.send(new GetObjectCommand({ Bucket: 'bucket', Key: ODD_KEY, Range: 'bytes=0-4', VersionId: 'v+1/=' }));
  assert.equal(await got.Body?.transformToString(), 'hello');
  await c.send(new HeadObjectCommand({ Bucket: 'bucket', Key: ODD_KEY }));
  await c.send(new ListObjectsV2Command({ Bucket: 'bucket', Prefix: 'a b+c/ü', Delimiter: '/', StartAfter: 'x=y&z', MaxKeys: 5 }));
  assert.match(last().input.rawQuery, /list-type=2/);
  await c.send(new DeleteObjectsCommand({ Bucket: 'bucket', Delete: { Objects: [{ Key: 'a' }, { Key: ODD_KEY }] } }));
  assert.match(last().body.toString(), /<Delete/);
});

test('SDK clients in other regions and with a session token', async () => {
  await client({ region: 'eu-central-1' }).send(new HeadObjectCommand({ Bucket: 'bucket', Key: 'k' }));
  assert.equal(last().auth?.region, 'eu-central-1');
  await client({ sessionToken: 'token/with+chars==' }).send(new HeadObjectCommand({ Bucket: 'bucket', Key: 'k' }));
  assert.equal(last().auth?.sessionToken, 'token/with+chars==');
});

test('SDK with a wrong secret gets SignatureDoesNotMatch; a skewed server clock RequestTimeTooSkewed', async () => {
  await assert.rejects(
    client({ secret: 'wrong' }).send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })),
    (err) => s3Code(err) === 'SignatureDoesNotMatch',
  );
  clockOffsetMs = 20 * 60_000;
  try {
    await assert.rejects(
      client().send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })),
      (err) => s3Code(err) === 'RequestTimeTooSkewed',
    );
  } finally {
    clockOffsetMs = 0;
  }
});

test('a request signed by the SDK is refused once tampered with', async () => {
  await client().send(new PutObjectCommand({ Bucket: 'bucket', Key: ODD_KEY, Body: 'x', Metadata: { owner: 'alice' } }));
  const { input } = last();
  assert.equal(input.headers['x-amz-meta-owner'], 'alice');
  assert.ok(authenticate(input, lookup) !== null);
  const code = (changed: AuthInput): string => {
    try {
      authenticate(changed, lookup);
      return 'accepted';
    } catch (err) {
      return err instanceof S3Error ? err.code : String(err);
    }
  };
  const tampered = { ...input, headers: { ...input.headers, 'x-amz-meta-owner': 'mallory' } };
  const { 'x-amz-meta-owner': _owner, ...distinct } = input.headersDistinct ?? {};
  assert.equal(code({ ...tampered, headersDistinct: { ...distinct, 'x-amz-meta-owner': ['mallory'] } }), 'SignatureDoesNotMatch');
  assert.equal(code({ ...input, rawPath: input.rawPath.replace('a%20b', 'a%20c') }), 'SignatureDoesNotMatch');
  assert.equal(code({ ...input, headers: { ...input.headers, 'x-amz-acl': 'public-read' } }), 'AccessDenied');
  assert.equal(code({ ...input, nowMs: input.nowMs + 16 * 60_000 }), 'RequestTimeTooSkewed');
  assert.equal(code({ ...input, nowMs: input.nowMs - 16 * 60_000 }), 'RequestTimeTooSkewed');
});

test('SDK presigned GET and PUT URLs authenticate; expired ones are refused', async () => {
  const c = client();
  const getUrl = await getSignedUrl(
    c,
    new GetObjectCommand({ Bucket: 'bucket', Key: ODD_KEY, ResponseContentDisposition: 'attachment; filename="a b.txt"' }),
    { expiresIn: 600 },
  );
  const got = await rawRequest(getUrl, 'GET');
  assert.equal(got.status, 200, got.text);
  const s = last();
  assert.equal(s.auth?.authType, 'REST-QUERY-STRING');
  assert.deepEqual(s.auth?.payload, { kind: 'unsigned' });

  const putUrl = await getSignedUrl(c, new PutObjectCommand({ Bucket: 'bucket', Key: 'up/load me.txt' }), { expiresIn: 60 });
  const put = await rawRequest(putUrl, 'PUT', Buffer.from('uploaded'));
  assert.equal(put.status, 200, put.text);
  assert.equal(last().body.toString(), 'uploaded');

  const expired = { ...last().input, nowMs: last().input.nowMs + 61_000 };
  assert.throws(
    () => authenticate(expired, lookup),
    (err: unknown) => err instanceof S3Error && err.code === 'AccessDenied' && err.message === 'Request has expired',
  );
  const tampered = await rawRequest(getUrl.replace('X-Amz-Expires=600', 'X-Amz-Expires=6000'), 'GET');
  assert.equal(tampered.status, 403);
  assert.match(tampered.text, /SignatureDoesNotMatch/);
  const week = await getSignedUrl(c, new GetObjectCommand({ Bucket: 'bucket', Key: 'k' }), { expiresIn: 604800 });
  assert.equal((await rawRequest(week, 'GET')).status, 200);
});
