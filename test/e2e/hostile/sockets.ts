// Raw-socket clients that misbehave on purpose: they hang up at a chosen
// byte, stall, half-close or pipeline. Requests are built by the caller
// (signed headers or presigned paths); these only move bytes.
import { connect, type Socket } from 'node:net';

export interface RawRequest {
  method: string;
  /** Path and query as sent on the request line. */
  target: string;
  headers: Record<string, string>;
}

export function requestHead(req: RawRequest, port: number): string {
  const headers = { host: `127.0.0.1:${port}`, ...req.headers };
  return `${req.method} ${req.target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
}

export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves once the socket is closed (either side); never rejects (a reset is an expected way for these to end). */
export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.on('error', () => undefined);
    socket.once('close', () => resolve());
  });
}

/**
 * Sends `head` and `body`, reads until `stopAfterBytes` bytes of the
 * response have arrived (or the whole first response, or the server
 * closes), then resets the connection. Returns what was read.
 */
export async function hangUpAfter(
  port: number,
  head: string,
  body: Buffer | undefined,
  stopAfterBytes: number,
  timeoutMs = 15_000,
): Promise<Buffer> {
  const socket = await openSocket(port);
  socket.on('error', () => undefined);
  const chunks: Buffer[] = [];
  let got = 0;
  await new Promise<void>((resolve, reject) => {
    // A server that sends nothing and does not close for `timeoutMs` is a
    // hang: fail, do not wait for ever. (Idle time, not total: a loaded
    // machine may stream a large body slowly.)
    const onIdle = (): void => {
      socket.destroy();
      reject(new Error(`no byte and no close for ${timeoutMs} ms (${got} bytes read)`));
    };
    let timer = setTimeout(onIdle, timeoutMs);
    socket.on('data', () => {
      clearTimeout(timer);
      timer = setTimeout(onIdle, timeoutMs);
    });
    socket.once('close', () => clearTimeout(timer));
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      got += d.length;
      if (got >= stopAfterBytes || wholeResponse(chunks)) {
        socket.resetAndDestroy();
        resolve();
      }
    });
    socket.once('close', () => resolve());
    socket.write(head);
    if (body !== undefined) socket.write(body);
    if (stopAfterBytes <= 0) {
      socket.resetAndDestroy();
      resolve();
    }
  });
  return Buffer.concat(chunks);
}

/** Writes a prefix of a request (headers cut short, or a body cut short) and hangs up: reset or a plain close. */
export async function sendPartial(port: number, bytes: Buffer | string, how: 'reset' | 'close', waitMs = 0): Promise<void> {
  const socket = await openSocket(port);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.write(bytes, () => resolve()));
  if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  if (how === 'reset') socket.resetAndDestroy();
  else socket.destroy();
  await closed(socket);
}

/** Index just past the header block of an HTTP response, or -1. */
export function headerEnd(bytes: Buffer): number {
  const i = bytes.indexOf('\r\n\r\n');
  return i === -1 ? -1 : i + 4;
}

/** Reads a whole socket until the server closes it (or `timeoutMs`), after sending `head` and half-closing. */
export async function sendHalfClosed(port: number, bytes: Buffer | string, timeoutMs: number): Promise<Buffer> {
  const socket = await openSocket(port);
  socket.on('error', () => undefined);
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.end(bytes);
  await Promise.race([closed(socket), new Promise((r) => setTimeout(r, timeoutMs))]);
  socket.destroy();
  return Buffer.concat(chunks);
}

/** Parses consecutive HTTP/1.1 responses with Content-Length bodies out of one byte stream (for pipelining). */
export function splitResponses(bytes: Buffer): { status: number; headers: Record<string, string>; body: Buffer }[] {
  const out: { status: number; headers: Record<string, string>; body: Buffer }[] = [];
  let at = 0;
  while (at < bytes.length) {
    const end = bytes.indexOf('\r\n\r\n', at);
    if (end === -1) break;
    const lines = bytes.subarray(at, end).toString('latin1').split('\r\n');
    const status = Number(lines[0]?.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const c = line.indexOf(':');
      headers[line.slice(0, c).toLowerCase()] = line.slice(c + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    const bodyStart = end + 4;
    if (bodyStart + length > bytes.length) break;
    out.push({ status, headers, body: bytes.subarray(bodyStart, bodyStart + length) });
    at = bodyStart + length;
  }
  return out;
}

/** True once the first response (headers and Content-Length body) has fully arrived. */
function wholeResponse(chunks: Buffer[]): boolean {
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  const end = headerEnd(bytes);
  if (end === -1) return false;
  const m = /\r\ncontent-length: *(\d+)/i.exec(bytes.subarray(0, end).toString('latin1'));
  return m !== null && bytes.length >= end + Number(m[1]);
}
