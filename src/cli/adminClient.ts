// `lode admin …`: talks to a running server's admin API with the root
// credentials, signing requests with SigV4 like any S3 client.
import { signRequest } from '../s3/auth/index.js';
import type { HealProgress, HealResult, StoreInfo } from '../storage/index.js';

export interface AdminTarget {
  endpoint: URL;
  accessKeyId: string;
  secretAccessKey: string;
}

export class AdminClientError extends Error {}

async function call(target: AdminTarget, method: string, path: string, query = ''): Promise<Response> {
  const headers = signRequest({
    method,
    host: target.endpoint.host,
    rawPath: path,
    rawQuery: query,
    accessKeyId: target.accessKeyId,
    secretAccessKey: target.secretAccessKey,
  });
  const url = new URL(path + (query === '' ? '' : `?${query}`), target.endpoint);
  let res: Response;
  try {
    res = await fetch(url, { method, headers });
  } catch (err) {
    throw new AdminClientError(
      `cannot reach ${target.endpoint.origin}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message} (is the server running? set --endpoint or LODE_ENDPOINT)`,
    );
  }
  if (!res.ok) {
    const text = await res.text();
    const code = /"code":"([^"]+)"|<Code>([^<]+)<\/Code>/.exec(text);
    const message = /"message":"([^"]+)"|<Message>([^<]+)<\/Message>/.exec(text);
    throw new AdminClientError(`${res.status} ${code?.[1] ?? code?.[2] ?? ''}: ${message?.[1] ?? message?.[2] ?? text}`);
  }
  return res;
}

export async function fetchInfo(target: AdminTarget): Promise<StoreInfo> {
  return (await (await call(target, 'GET', '/_lode/admin/v1/info')).json()) as StoreInfo;
}

export async function runHeal(
  target: AdminTarget,
  scope: { bucket?: string; prefix?: string },
  onProgress: (p: HealProgress) => void,
): Promise<HealResult> {
  const query = new URLSearchParams();
  if (scope.bucket !== undefined) query.set('bucket', scope.bucket);
  if (scope.prefix !== undefined) query.set('prefix', scope.prefix);
  const res = await call(target, 'POST', '/_lode/admin/v1/heal', query.toString().replace(/\+/g, '%20'));
  if (res.body === null) throw new AdminClientError('the server sent no heal progress');
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of res.body) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as { type: string; message?: string } & HealResult;
      if (event.type === 'progress') onProgress(event);
      else if (event.type === 'result') return event;
      else if (event.type === 'error') throw new AdminClientError(`heal failed: ${event.message ?? 'unknown error'}`);
    }
  }
  throw new AdminClientError('the connection ended before the heal finished');
}
