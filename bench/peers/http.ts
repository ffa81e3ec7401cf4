// Loopback HTTP for starting and checking peers: a free port, and one request
// (SigV4-signed when credentials are given) with a time limit. Not the load
// generator's client: no keep-alive, no pooling, small bodies only.
import { request } from 'node:http';
import { createServer } from 'node:net';
import { signRequest } from '../../src/s3/auth/index.js';
import type { Credentials } from './types.js';

/** A port free on 127.0.0.1 now (the kernel's pick; another process could take it before we bind, rarely). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    server.once('error', rejectPort);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface HttpRequestInput {
  endpoint: string;
  method: string;
  /** Percent-encoded path as sent, e.g. /bucket/key */
  rawPath: string;
  body?: Buffer;
  credentials?: Credentials;
  timeoutMs?: number;
}

export function httpRequest(input: HttpRequestInput): Promise<HttpResponse> {
  const url = new URL(input.endpoint);
  if (url.hostname !== '127.0.0.1')
    return Promise.reject(new Error(`refusing to send a request to ${url.hostname}: peers run on 127.0.0.1 only`));
  const body = input.body ?? Buffer.alloc(0);
  const base: Record<string, string> = input.body !== undefined ? { 'content-length': String(body.length) } : {};
  const headers =
    input.credentials === undefined
      ? { ...base, host: url.host }
      : signRequest({
          method: input.method,
          host: url.host,
          rawPath: input.rawPath,
          headers: base,
          accessKeyId: input.credentials.accessKeyId,
          secretAccessKey: input.credentials.secretAccessKey,
          region: input.credentials.region,
        });
  return new Promise((resolveResponse, rejectResponse) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: input.method,
        path: input.rawPath,
        headers,
        agent: false,
        timeout: input.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', rejectResponse);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${input.method} ${input.rawPath} timed out`)));
    req.on('error', rejectResponse);
    req.end(body);
  });
}

/** The S3 error code in an error response body, or the status line when there is none. */
export function describeFailure(res: HttpResponse): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(res.body.toString('utf8'))?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(res.body.toString('utf8'))?.[1];
  return `HTTP ${res.status}${code !== undefined ? ` ${code}` : ''}${message !== undefined && message !== '' ? `: ${message}` : ''}`;
}
