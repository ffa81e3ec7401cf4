// The canonical request and the string to sign, exactly as the SigV4
// specification builds them. Pure functions over strings, so the AWS test
// vectors can check them one step at a time.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ALGORITHM } from './constants.js';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Where header values come from: node's joined headers, or one array per name. */
export interface HeaderSource {
  headers: IncomingHttpHeaders;
  /**
   * IncomingMessage.headersDistinct. Node joins repeated headers with ', '
   * while SigV4 joins them with ','; with this we can sign what was sent.
   */
  headersDistinct?: Readonly<Record<string, readonly string[] | undefined>>;
}

/** Trim, and collapse inner runs of whitespace to one space (SigV4 "trimall"). */
function trimAll(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/** The canonical value of one header, '' when absent (S3 signs it as empty). */
function canonicalHeaderValue(source: HeaderSource, name: string): string {
  const distinct = source.headersDistinct?.[name];
  if (distinct !== undefined) return distinct.map(trimAll).join(',');
  const value = source.headers[name];
  if (value === undefined) return '';
  return Array.isArray(value) ? value.map(trimAll).join(',') : trimAll(value);
}

/** 'name:value\n' for each signed header, in the order the client listed them. */
export function canonicalHeaders(source: HeaderSource, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) out += `${name}:${canonicalHeaderValue(source, name)}\n`;
  return out;
}

export interface CanonicalRequestParts {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  /** Already canonical: 'name:value\n' lines. */
  canonicalHeaders: string;
  /** 'a;b;c' */
  signedHeaders: string;
  payloadHash: string;
}

export function canonicalRequest(p: CanonicalRequestParts): string {
  return `${p.method}\n${p.canonicalUri}\n${p.canonicalQuery}\n${p.canonicalHeaders}\n${p.signedHeaders}\n${p.payloadHash}`;
}

/** yyyymmdd/region/service/aws4_request */
export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}
