// The S3 HTTP listener: request ids, routing, authentication, dispatch to the
// operation's handler, and every failure turned into S3's XML error shape.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { ObjectStore } from '../storage/index.js';
import type { Logger } from '../util/logger.js';
import { authInputFrom, authenticate, type SecretLookup } from './auth/index.js';
import type { RequestContext, S3Settings } from './context.js';
import { S3Error } from './errors.js';
import { toS3Error } from './http/toS3Error.js';
import { rawErrorResponse, sendError } from './http/respond.js';
import { handlers } from './handlers/index.js';
import { route, type Endpoint } from './router/index.js';
import { guardUploadRate } from './http/uploadRateGuard.js';

/** Requests under /_lode/ go here instead of to S3 (the admin API, wired by main.ts). */
export type AdminHook = (input: {
  req: IncomingMessage;
  res: ServerResponse;
  rawPath: string;
  rawQuery: string;
  principal: string | null;
  requestId: string;
  signal: AbortSignal;
}) => Promise<void>;

export interface S3ServerOptions {
  store: ObjectStore;
  admin?: AdminHook;
  secrets: SecretLookup;
  settings: S3Settings;
  log: Logger;
  /** Base domain for virtual-host-style addressing. */
  domain?: string;
  now?: () => number;
  /** Slow clients; the defaults below when absent. */
  timeouts?: { idleSocketMs?: number; minUploadBytesPerSecond?: number; uploadRateWindowMs?: number };
}

/** Slow clients: headers must arrive within this, and a socket idle this long is closed (configurable, see config.ts). */
const HEADERS_TIMEOUT_MS = 60_000;
const IDLE_SOCKET_TIMEOUT_MS = 120_000;
/** Uploads slower than this over a window are cut (configurable). */
const MIN_UPLOAD_BYTES_PER_SECOND = 1024;
const UPLOAD_RATE_WINDOW_MS = 60_000;
const KEEP_ALIVE_TIMEOUT_MS = 30_000;
/** Node's default is 16 KiB; S3 allows 8 KiB of request headers plus the request line. */
const MAX_HEADER_BYTES = 16 * 1024;

export function createS3Server(options: S3ServerOptions): Server {
  const now = options.now ?? Date.now;
  const hostId = randomBytes(24).toString('base64');
  // Request ids: a random per-process prefix and a counter, 16 hex digits like AWS's.
  const idPrefix = randomBytes(4).toString('hex').toUpperCase();
  let counter = 0;
  const nextRequestId = (): string => idPrefix + (counter++ >>> 0).toString(16).toUpperCase().padStart(8, '0');

  // The response in progress on each socket, so that a client error
  // reported on the socket (below) can be answered as that request's error.
  const inflight = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse; requestId: string }>();
  /** Sockets whose bad next request is refused once the current response is sent. */
  const refusing = new WeakSet<Socket>();

  const handle = (req: IncomingMessage, res: ServerResponse, expectContinue: boolean): void => {
    const requestId = nextRequestId();
    inflight.set(req.socket, { req, res, requestId });
    res.once('finish', () => inflight.delete(req.socket));
    res.setHeader('x-amz-request-id', requestId);
    res.setHeader('x-amz-id-2', hostId);
    res.setHeader('Server', 'Lode');
    const controller = new AbortController();
    // Operations such as DeleteObjects run many store calls on one signal,
    // each adding an abort listener; the default cap of 10 would warn.
    setMaxListeners(1024, controller.signal);
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
    });
    // The rate of an upload is judged from the moment its body may come.
    const watchRate = (): void => {
      guardUploadRate(req, rateLimits, (bytesPerSecond) => {
        options.log.warn('upload too slow: cut', {
          requestId,
          bytesPerSecond: Math.round(bytesPerSecond),
          minBytesPerSecond: rateLimits.minBytesPerSecond,
        });
        if (!res.headersSent)
          req.socket.end(
            rawErrorResponse(
              new S3Error(
                'RequestTimeout',
                `The upload sent fewer than ${rateLimits.minBytesPerSecond} bytes per second for ${rateLimits.windowMs / 1000} s.`,
              ),
              requestId,
              hostId,
            ),
          );
        req.socket.destroySoon();
      });
    };
    let continued = !expectContinue;
    if (continued) watchRate();
    const continueBody = (): void => {
      if (!continued) {
        continued = true;
        res.writeContinue();
        watchRate();
      }
    };
    const run = async (): Promise<void> => {
      let endpoint: Endpoint | undefined;
      try {
        const url = req.url ?? '/';
        const q = url.indexOf('?');
        const rawPath = q === -1 ? url : url.slice(0, q);
        const rawQuery = q === -1 ? '' : url.slice(q + 1);
        if (options.admin !== undefined && rawPath.startsWith('/_lode/')) {
          const principal = authenticate(authInputFrom(req, now()), options.secrets)?.accessKeyId ?? null;
          await options.admin({ req, res, rawPath, rawQuery, principal, requestId, signal: controller.signal });
          return;
        }
        const routeInput = {
          method: req.method ?? 'GET',
          host: req.headers.host,
          rawPath,
          rawQuery,
          hasCopySource: req.headers['x-amz-copy-source'] !== undefined,
        };
        endpoint = route(options.domain === undefined ? routeInput : { ...routeInput, domain: options.domain });
        const authInput = authInputFrom(req, now());
        if (endpoint.hostStyle === true && endpoint.bucket !== undefined) authInput.hostBucket = endpoint.bucket;
        const auth = authenticate(authInput, options.secrets);
        if (auth === null) throw new S3Error('AccessDenied', 'Anonymous access is not allowed: sign the request with an access key.');
        const ctx: RequestContext = {
          requestId,
          req,
          res,
          endpoint,
          auth,
          store: options.store,
          settings: options.settings,
          log: options.log,
          signal: controller.signal,
          continueBody,
        };
        await handlers[endpoint.operation](ctx);
      } catch (err) {
        if (controller.signal.aborted) {
          // The client went away: nobody to answer, nothing worth logging.
          res.destroy();
          return;
        }
        const s3err = toS3Error(err, req);
        if (s3err.status >= 500)
          options.log.error('request failed', { requestId, method: req.method, url: req.url, error: String((err as Error)?.stack ?? err) });
        sendError(req, res, s3err, requestId, hostId, endpoint, continued);
      }
    };
    void run();
  };

  const rateLimits = {
    minBytesPerSecond: options.timeouts?.minUploadBytesPerSecond ?? MIN_UPLOAD_BYTES_PER_SECOND,
    windowMs: options.timeouts?.uploadRateWindowMs ?? UPLOAD_RATE_WINDOW_MS,
  };
  const server = createServer(
    { maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 0, headersTimeout: HEADERS_TIMEOUT_MS, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS },
    (req, res) => handle(req, res, false),
  );
  // Answer 100-continue only once the request has been authenticated and
  // routed, so a refused upload is never sent.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => handle(req, res, true));
  // Any other Expect value: Node would answer 417 by itself; S3 ignores the header.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => handle(req, res, false));
  // A client that half-closes after sending its request (HTTP/1.0-style
  // tools, `nc -N`, some proxies) still gets its answer, and the connection
  // closes after it. Node's default aborts such a request and answers
  // nothing; this flag (node's http server reads it in socketOnEnd, though
  // its typings lack it) marks the response in flight as the last instead.
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.setTimeout(options.timeouts?.idleSocketMs ?? IDLE_SOCKET_TIMEOUT_MS, (socket) => socket.destroy());
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const current = inflight.get(socket);
    if (current !== undefined && err.code === 'HPE_INVALID_EOF_STATE') {
      // The client ended its side mid-body. Its request is already in a
      // handler, which fails as the body stream is cut (nothing is stored);
      // the client may still be listening for the answer.
      inflight.delete(socket);
      if (!current.res.headersSent) socket.end(rawErrorResponse(new S3Error('IncompleteBody'), current.requestId, hostId));
      else socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge
      ? '431 Request Header Fields Too Large'
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : '400 Bad Request';
    const refuse = (): void => {
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (current !== undefined && !current.req.complete) {
      // The error is in the current request's own body (bad chunked
      // framing): no more of it will come, and its handler would wait for
      // ever. Refuse and close; the handler fails as the socket goes.
      inflight.delete(socket);
      refuse();
      socket.destroySoon();
      return;
    }
    if (current !== undefined && !current.res.writableFinished) {
      // Bytes past a request's Content-Length are parsed as the next request
      // while the first is still being answered: answer the first, then
      // refuse the rest and close. The parser keeps reporting the same error
      // as more bytes come; only the first report is acted on.
      if (refusing.has(socket)) return;
      refusing.add(socket);
      current.res.once('finish', refuse);
      current.res.once('close', () => {
        if (!current.res.writableFinished) socket.destroy();
      });
      return;
    }
    refuse();
  });
  return server;
}
