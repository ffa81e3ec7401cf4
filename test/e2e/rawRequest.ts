// Hand-built requests for what the SDK will not send: bad digests, malformed
// XML, short bodies. Signed with the AWS SDK's own SigV4 signer so the server
// is checked against an independent implementation.
import { request } from 'node:http';
import { connect } from 'node:net';
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { ROOT_PASSWORD, ROOT_USER } from './harness.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const signer = (secret = ROOT_PASSWORD, accessKeyId = ROOT_USER): SignatureV4 =>
  new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: secret },
    region: 'us-east-1',
    service: 's3',
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
    applyChecksum: false,
  });

export interface SignedRequestInput {
  port: number;
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** The payload hash to sign: a hex sha256, 'UNSIGNED-PAYLOAD', or a STREAMING-* constant. Defaults to the body's sha256. */
  payloadHash?: string;
  body?: Buffer | string;
  secret?: string;
  accessKeyId?: string;
  /** Sign as of this time instead of now. */
  signingDate?: Date;
  /** Host header to send (the connection still goes to 127.0.0.1), for virtual-host-style requests. */
  hostname?: string;
}

export async function signedHeaders(input: SignedRequestInput): Promise<Record<string, string>> {
  const body = input.body === undefined ? Buffer.alloc(0) : Buffer.from(input.body);
  const payloadHash = input.payloadHash ?? createHash('sha256').update(body).digest('hex');
  const req = new HttpRequest({
    method: input.method,
    protocol: 'http:',
    hostname: input.hostname ?? '127.0.0.1',
    port: input.port,
    path: input.path,
    ...(input.query !== undefined ? { query: input.query } : {}),
    headers: { host: `${input.hostname ?? '127.0.0.1'}:${input.port}`, 'x-amz-content-sha256': payloadHash, ...input.headers },
  });
  const signed = await signer(input.secret, input.accessKeyId).sign(
    req,
    input.signingDate !== undefined ? { signingDate: input.signingDate } : {},
  );
  return signed.headers;
}

function queryString(query: Record<string, string> | undefined): string {
  if (query === undefined) return '';
  const parts = Object.entries(query).map(([k, v]) =>
    v === '' ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
  );
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

export async function sendSigned(input: SignedRequestInput): Promise<RawResponse> {
  const headers = await signedHeaders(input);
  const body = input.body === undefined ? undefined : Buffer.from(input.body);
  if (body !== undefined && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined)
    headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: input.port, method: input.method, path: input.path + queryString(input.query), headers },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends signed headers, then only `sentBytes` of the body, then half-closes: a client that died mid-upload. */
export async function sendTruncated(input: SignedRequestInput & { declaredLength: number; sentBytes: Buffer }): Promise<string> {
  const headers = await signedHeaders({ ...input, payloadHash: 'UNSIGNED-PAYLOAD' });
  headers['content-length'] = String(input.declaredLength);
  const head = `${input.method} ${input.path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(input.port, '127.0.0.1', () => {
      socket.write(head);
      socket.end(input.sentBytes);
    });
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve(text) : reject(err)));
  });
}

export function errorCode(body: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
}
