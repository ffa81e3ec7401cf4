// Writing responses: XML documents, empty answers, and S3 error bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { S3Error } from '../errors.js';
import type { Endpoint } from '../router/index.js';
import { escapeXml } from '../xml/index.js';

export function sendXml(res: ServerResponse, status: number, xml: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': 'application/xml', 'Content-Length': String(body.length) });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': '0' });
  res.end();
}

export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  err: S3Error,
  requestId: string,
  hostId: string,
  endpoint: Endpoint | undefined,
  bodyRequested: boolean,
): void {
  // No socket yet is normal: a keep-alive request read while the previous
  // response was still being written gets its socket when that one ends.
  if (res.headersSent || res.writableEnded || res.socket?.destroyed === true || res.socket?.writableEnded === true) {
    // Mid-stream failure: the status line is gone; cutting the connection is
    // the only honest signal (the client sees a short body, never wrong bytes).
    res.destroy();
    return;
  }
  for (const name of res.getHeaderNames()) {
    if (name !== 'x-amz-request-id' && name !== 'x-amz-id-2' && name !== 'server') res.removeHeader(name);
  }
  const resource =
    endpoint?.bucket === undefined ? '/' : endpoint.key === undefined ? `/${endpoint.bucket}` : `/${endpoint.bucket}/${endpoint.key}`;
  const headers: Record<string, string> = { ...err.headers };
  // A body the client is still sending (or never sent after 100-continue) is
  // not worth reading: close the connection instead of draining it.
  if (!req.complete || !bodyRequested) headers['Connection'] = 'close';
  if (req.method === 'HEAD' || err.status === 304) {
    res.writeHead(err.status, headers);
    res.end();
    return;
  }
  const body = Buffer.from(errorXml(err, resource, requestId, hostId), 'utf8');
  res.writeHead(err.status, { ...headers, 'Content-Type': 'application/xml', 'Content-Length': String(body.length) });
  res.end(body);
}

function errorXml(err: S3Error, resource: string | undefined, requestId: string, hostId: string): string {
  let extra = '';
  for (const [name, value] of Object.entries(err.extra)) extra += `<${name}>${escapeXml(value)}</${name}>`;
  const resourceXml = resource === undefined ? '' : `<Resource>${escapeXml(resource)}</Resource>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${err.code}</Code><Message>${escapeXml(err.message)}</Message>${extra}${resourceXml}<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`;
}

/** A whole HTTP/1.1 error response as bytes, for answering on a socket outside a ServerResponse. */
export function rawErrorResponse(err: S3Error, requestId: string, hostId: string): string {
  const body = errorXml(err, undefined, requestId, hostId);
  return `HTTP/1.1 ${err.status} ${STATUS_TEXT[err.status] ?? 'Error'}\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nx-amz-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };
