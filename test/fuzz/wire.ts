// A signed FuzzRequest as bytes: request line, headers (signed, then the
// unsigned extras), and the body framed as asked (aws-chunked, HTTP chunked,
// or plain with a true or lying Content-Length).
import { frameChunked } from './chunked.js';
import { Rng } from './prng.js';
import type { FuzzRequest } from './request.js';
import { sign } from './sign.js';

export interface WireRequest {
  head: Buffer;
  body: Buffer;
  /** The headers as sent, for the report. */
  headerLines: string[];
}

function httpChunk(body: Buffer, how: NonNullable<FuzzRequest['httpChunked']>): Buffer {
  const size = how === 'bad-size' ? 'zz' : body.length.toString(16);
  const parts = body.length === 0 ? [] : [Buffer.from(`${size}\r\n`), body, Buffer.from('\r\n')];
  if (how !== 'no-final') parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

export async function toWire(req: FuzzRequest, port: number): Promise<WireRequest> {
  const signed = await sign(req, port);
  let body = req.chunked !== undefined ? frameChunked(req.chunked, signed.chain, new Rng(req.chunked.frameSeed)) : req.body;
  const lines: string[] = [];
  const split = new Set(req.splitHeaders ?? []);
  for (const [name, value] of signed.headers) {
    const comma = value.indexOf(',');
    if (split.has(name) && comma !== -1) lines.push(`${name}: ${value.slice(0, comma)}`, `${name}: ${value.slice(comma + 1)}`);
    else lines.push(`${name}: ${value}`);
  }
  if (req.httpChunked !== undefined) {
    const plainLength = body.length;
    body = httpChunk(body, req.httpChunked);
    lines.push('transfer-encoding: chunked');
    if (req.httpChunked === 'with-content-length') lines.push(`content-length: ${plainLength}`);
  } else if (req.contentLength !== 'none') {
    lines.push(`content-length: ${req.contentLength === 'auto' ? body.length : req.contentLength}`);
  }
  for (const [name, value] of req.extraHeaders) lines.push(`${name}: ${value}`);
  const head = Buffer.from(`${req.method} ${req.path}${signed.rawQuery} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return { head, body, headerLines: lines };
}
