// SigV4 for fuzzed requests, with the AWS SDK's own signer (an implementation
// independent of the server's), plus what aws-chunked bodies need to sign
// their chunks: the request's signature, the signing key and the scope.
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { ROOT_PASSWORD, ROOT_USER } from '../e2e/harness.js';
import type { FuzzRequest } from './request.js';

const REGION = 'us-east-1';
const signer = new SignatureV4({
  credentials: { accessKeyId: ROOT_USER, secretAccessKey: ROOT_PASSWORD },
  region: REGION,
  service: 's3',
  sha256: Hash.bind(null, 'sha256'),
  uriEscapePath: false,
  applyChecksum: false,
});

export interface Signed {
  /** Headers to send, in order (the request's own, then host, date and authorization). */
  headers: Array<[string, string]>;
  /** The query as sent on the wire, with its leading '?' (or ''). */
  rawQuery: string;
  /** For signed aws-chunked bodies. */
  chain: { seedSignature: string; key: Buffer; amzDate: string; scope: string };
}

/** The SDK's query escaping (RFC 3986), so the wire query matches what was signed. */
export function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export async function sign(req: FuzzRequest, port: number): Promise<Signed> {
  const payloadHash = req.payloadHash ?? createHash('sha256').update(req.body).digest('hex');
  const query: Record<string, string | string[] | null> = {};
  for (const [k, v] of req.query) {
    const prior = query[k];
    // The SDK leaves null-valued parameters out of the canonical query; S3 signs 'key=' for a bare 'key'.
    if (prior === undefined) query[k] = v ?? '';
    else query[k] = [...(Array.isArray(prior) ? prior : [prior ?? '']), v ?? ''];
  }
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, 'x-amz-content-sha256': payloadHash };
  for (const [k, v] of req.headers) headers[k] = v;
  const signed = await signer.sign(
    new HttpRequest({ method: req.method, protocol: 'http:', hostname: '127.0.0.1', port, path: req.path, query, headers }),
  );
  const out = Object.entries(signed.headers);
  const authorization = signed.headers['authorization'] ?? '';
  const amzDate = signed.headers['x-amz-date'] ?? '';
  const date = amzDate.slice(0, 8);
  const wire =
    req.query.map(([k, v]) => (v === null ? escapeUri(k) : `${escapeUri(k)}=${escapeUri(v)}`)).join('&') + (req.rawQuerySuffix ?? '');
  return {
    headers: out,
    rawQuery: wire === '' ? '' : `?${wire}`,
    chain: {
      seedSignature: /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? '',
      key: signingKey(date),
      amzDate,
      scope: `${date}/${REGION}/s3/aws4_request`,
    },
  };
}

function signingKey(date: string): Buffer {
  const h = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
  return h(h(h(h(`AWS4${ROOT_PASSWORD}`, date), REGION), 's3'), 'aws4_request');
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
