// The lean HTTP layer of the load generator: one undici Pool per target with
// keep-alive connections, requests dispatched with a handler that counts the
// response bytes as they arrive (hashing them only when asked) instead of
// building a stream per response. Small bodies (errors, XML) are kept as text.
//
// HEAD goes through node:http instead: undici closes the connection after
// every HEAD response (by design, for servers that send a body with one), so
// a HEAD benchmark over undici would measure TCP handshakes.
import { createHash, type Hash } from 'node:crypto';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** Raw path as sent (already percent-encoded), with the query after '?' if any. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer | Readable;
  /** Keep the response body as text (XML replies); error bodies are always kept. */
  keepText?: boolean;
  /** MD5 the response body as it streams in. */
  hash?: boolean;
}

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  /** Response body bytes received. */
  bytes: number;
  /** The body, when keepText was set or the status was not 2xx (at most TEXT_LIMIT_BYTES). */
  text: string;
  /** Hex MD5 of the body, when hash was set. */
  md5Hex: string;
}

const TEXT_LIMIT_BYTES = 4 * 1024 * 1024;
/** A request that makes no progress for this long fails instead of hanging the run. */
const STALL_TIMEOUT_MS = 120_000;

class ReplyHandler implements Dispatcher.DispatchHandler {
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private bytes = 0;
  private readonly chunks: Buffer[] = [];
  private textBytes = 0;
  private keep = false;
  private readonly hash: Hash | undefined;

  constructor(
    private readonly request: HttpRequest,
    private readonly resolve: (reply: HttpReply) => void,
    private readonly reject: (err: Error) => void,
  ) {
    this.hash = request.hash === true ? createHash('md5') : undefined;
  }

  onRequestStart(): void {
    // A retried request (undici retries idempotent ones on a reset socket) starts over.
    this.bytes = 0;
    this.chunks.length = 0;
    this.textBytes = 0;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = headers;
    this.keep = this.request.keepText === true || statusCode < 200 || statusCode >= 300;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bytes += chunk.length;
    this.hash?.update(chunk);
    if (this.keep && this.textBytes < TEXT_LIMIT_BYTES) {
      this.chunks.push(chunk);
      this.textBytes += chunk.length;
    }
  }

  onResponseEnd(): void {
    const text = this.chunks.length === 0 ? '' : Buffer.concat(this.chunks).toString('utf8');
    this.resolve({ status: this.status, headers: this.headers, bytes: this.bytes, text, md5Hex: this.hash?.digest('hex') ?? '' });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reject(error);
  }
}

export class HttpEndpoint {
  private readonly pool: Pool;
  private readonly agent: Agent;
  private readonly hostname: string;
  private readonly port: number;
  readonly host: string;

  constructor(endpoint: string, connections: number) {
    const url = new URL(endpoint);
    this.host = url.host;
    this.hostname = url.hostname;
    this.port = Number(url.port || 80);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, timeout: STALL_TIMEOUT_MS });
    this.pool = new Pool(url.origin, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: STALL_TIMEOUT_MS,
      bodyTimeout: STALL_TIMEOUT_MS,
    });
  }

  send(request: HttpRequest): Promise<HttpReply> {
    if (request.method === 'HEAD') return this.head(request);
    return new Promise<HttpReply>((resolve, reject) => {
      const options: Dispatcher.DispatchOptions = {
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body ?? null,
      };
      this.pool.dispatch(options, new ReplyHandler(request, resolve, reject));
    });
  }

  private head(request: HttpRequest): Promise<HttpReply> {
    return new Promise<HttpReply>((resolve, reject) => {
      const req = httpRequest(
        { host: this.hostname, port: this.port, method: 'HEAD', path: request.path, headers: request.headers, agent: this.agent },
        (res) => {
          res.on('error', reject);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: 0, text: '', md5Hex: '' }));
          res.resume();
        },
      );
      req.on('timeout', () => req.destroy(new Error(`HEAD ${request.path}: no answer in ${STALL_TIMEOUT_MS / 1000} s`)));
      req.on('error', reject);
      req.end();
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await this.pool.destroy();
  }
}
