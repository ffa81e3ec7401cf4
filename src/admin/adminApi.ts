// The admin API: JSON over HTTP under /_lode/ (an underscore can never start
// a bucket name, so these paths never shadow S3). Health checks are open;
// everything else needs the root credentials (SigV4, as for S3).
//
//   GET  /_lode/health/live        200 while the process serves
//   GET  /_lode/admin/v1/info      drives, sets, parity, state, usage
//   POST /_lode/admin/v1/heal?bucket=B&prefix=P
//                                  NDJSON: {"type":"progress",...} lines, then {"type":"result",...}
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealProgress, StoreAdmin } from '../storage/index.js';
import type { Logger } from '../util/logger.js';
import type { SupervisionStats } from '../supervisor/protocol.js';

export const ADMIN_PREFIX = '/_lode/';

export interface AdminRequest {
  req: IncomingMessage;
  res: ServerResponse;
  rawPath: string;
  query: URLSearchParams;
  /** The authenticated access key, or null for an anonymous request. */
  principal: string | null;
  /** The root access key: the only principal allowed here until IAM exists. */
  rootAccessKey: string;
  signal: AbortSignal;
  /** The primary's supervision figures (workers, restarts), as this worker last heard them. */
  processes?: () => SupervisionStats | undefined;
}

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendAdminError(res: ServerResponse, err: AdminError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, err.status, { error: { code: err.code, message: err.message } });
}

export async function handleAdmin(r: AdminRequest, admin: StoreAdmin, log: Logger): Promise<void> {
  const route = `${r.req.method ?? 'GET'} ${r.rawPath}`;
  if (route === 'GET /_lode/health/live' || route === 'HEAD /_lode/health/live') {
    sendJson(r.res, 200, { status: 'ok' });
    return;
  }
  if (r.principal === null) throw new AdminError(403, 'AccessDenied', 'The admin API needs a request signed with the root credentials.');
  if (r.principal !== r.rootAccessKey) throw new AdminError(403, 'AccessDenied', 'Only the root user may use the admin API.');
  switch (route) {
    case 'GET /_lode/admin/v1/info':
      sendJson(r.res, 200, { ...(await admin.info(r.signal)), processes: r.processes?.() ?? null });
      return;
    case 'POST /_lode/admin/v1/heal':
      await streamHeal(r, admin, log);
      return;
    default:
      throw new AdminError(404, 'NoSuchAdminEndpoint', `There is no admin endpoint ${route}.`);
  }
}

async function streamHeal(r: AdminRequest, admin: StoreAdmin, log: Logger): Promise<void> {
  const bucket = r.query.get('bucket') ?? undefined;
  const prefix = r.query.get('prefix') ?? undefined;
  r.res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache' });
  const write = (line: object): void => {
    r.res.write(`${JSON.stringify(line)}\n`);
  };
  log.info('heal started', { bucket, prefix });
  try {
    const result = await admin.heal(
      {
        ...(bucket !== undefined ? { bucket } : {}),
        ...(prefix !== undefined ? { prefix } : {}),
        onProgress: (p: HealProgress) => write({ type: 'progress', ...p }),
      },
      r.signal,
    );
    write({ type: 'result', ...result });
    log.info('heal finished', { scanned: result.scanned, healed: result.healed, failed: result.failed, durationMs: result.durationMs });
  } catch (err) {
    write({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
  r.res.end();
}

/** What the S3 server hands the admin API for each request under /_lode/. */
export interface AdminHookInput {
  req: IncomingMessage;
  res: ServerResponse;
  rawPath: string;
  rawQuery: string;
  principal: string | null;
  signal: AbortSignal;
}

/**
 * The admin API as the S3 server's hook: AdminErrors are answered as they
 * are; anything else is logged with its stack and answered 500 without it.
 */
export function adminHook(options: {
  admin: StoreAdmin;
  log: Logger;
  rootAccessKey: string;
  processes: () => SupervisionStats | undefined;
}): (input: AdminHookInput) => Promise<void> {
  return async ({ req, res, rawPath, rawQuery, principal, signal }) => {
    try {
      await handleAdmin(
        {
          req,
          res,
          rawPath,
          query: new URLSearchParams(rawQuery),
          principal,
          rootAccessKey: options.rootAccessKey,
          signal,
          processes: options.processes,
        },
        options.admin,
        options.log,
      );
    } catch (err) {
      if (!(err instanceof AdminError)) options.log.error('admin request failed', { error: String((err as Error)?.stack ?? err) });
      sendAdminError(
        res,
        err instanceof AdminError ? err : new AdminError(500, 'InternalError', 'The admin request failed; see the server log.'),
      );
    }
  };
}
