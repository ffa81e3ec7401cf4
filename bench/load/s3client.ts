// The S3 operations the scenarios use, over HttpEndpoint, signed with Lode's
// own signRequest (SigV4, UNSIGNED-PAYLOAD: the client never hashes a body to
// sign it). A static target (nginx) gets the same GET/HEAD without signing.
// Every reply is checked: status, byte count, and with `verify` the MD5 of
// bodies read and the ETag of bodies written. Any mismatch throws.
import type { Readable } from 'node:stream';
import { signRequest } from '../../src/s3/auth/index.js';
import { HttpEndpoint, type HttpReply, type HttpRequest } from './http.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface ListPage {
  keys: number;
  prefixes: string[];
  truncated: boolean;
  nextToken: string | undefined;
}

export interface ListQuery {
  prefix?: string;
  delimiter?: string;
  continuationToken?: string;
  maxKeys?: number;
}

export class RequestFailed extends Error {}

/** RFC 3986 encoding, as SigV4 expects it on the wire ('/' kept in paths). */
export function uriEncode(text: string, keepSlash = false): string {
  const encoded = encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

function xmlText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function firstTag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m?.[1] === undefined ? undefined : xmlText(m[1]);
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

function unquote(etag: string | string[] | undefined): string {
  return (Array.isArray(etag) ? (etag[0] ?? '') : (etag ?? '')).replace(/"/g, '');
}

export class S3Client {
  private readonly http: HttpEndpoint;
  private readonly keyCache = new Map<string, Buffer>();

  constructor(
    endpoint: string,
    private readonly credentials: Credentials | undefined,
    connections: number,
    readonly verify: boolean,
  ) {
    this.http = new HttpEndpoint(endpoint, connections);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Signs (when the target has credentials) and sends; throws unless the status is one of `ok`. */
  private async call(
    request: Omit<HttpRequest, 'headers'> & { query?: string; headers?: Record<string, string> },
    ok: readonly number[],
  ): Promise<HttpReply> {
    const query = request.query ?? '';
    let headers = request.headers ?? {};
    if (this.credentials !== undefined) {
      headers = signRequest({
        method: request.method,
        host: this.http.host,
        rawPath: request.path,
        rawQuery: query,
        headers,
        accessKeyId: this.credentials.accessKeyId,
        secretAccessKey: this.credentials.secretAccessKey,
        region: this.credentials.region,
        keyCache: this.keyCache,
      });
    }
    const sent: HttpRequest = { ...request, path: query === '' ? request.path : `${request.path}?${query}`, headers };
    const reply = await this.http.send(sent);
    if (!ok.includes(reply.status)) {
      const code = firstTag(reply.text, 'Code') ?? reply.text.slice(0, 120).replace(/\s+/g, ' ');
      throw new RequestFailed(`${request.method} ${request.path}${query === '' ? '' : '?' + query}: HTTP ${reply.status} ${code}`);
    }
    return reply;
  }

  private static path(bucket: string, key?: string): string {
    return key === undefined ? `/${uriEncode(bucket)}` : `/${uriEncode(bucket)}/${uriEncode(key, true)}`;
  }

  async createBucket(bucket: string): Promise<void> {
    try {
      await this.call({ method: 'PUT', path: S3Client.path(bucket) }, [200]);
    } catch (err) {
      if (!(err instanceof RequestFailed) || !/BucketAlreadyOwnedByYou|BucketAlreadyExists/.test(err.message)) throw err;
    }
  }

  /** PUT; returns the body bytes sent. With verify, the ETag must be `md5Hex`. */
  async put(bucket: string, key: string, body: Buffer | Readable, sizeBytes: number, md5Hex?: string): Promise<number> {
    const headers = { 'content-length': String(sizeBytes) };
    const reply = await this.call({ method: 'PUT', path: S3Client.path(bucket, key), headers, body }, [200]);
    if (this.verify && md5Hex !== undefined && unquote(reply.headers.etag) !== md5Hex) {
      throw new RequestFailed(`PUT ${bucket}/${key}: ETag ${unquote(reply.headers.etag)}, expected ${md5Hex}`);
    }
    return sizeBytes;
  }

  /** GET; returns the bytes received, which must be `sizeBytes` (and hash to `md5Hex` with verify). */
  async get(bucket: string, key: string, sizeBytes: number, md5Hex?: string): Promise<number> {
    const hash = this.verify && md5Hex !== undefined;
    const reply = await this.call({ method: 'GET', path: S3Client.path(bucket, key), hash }, [200]);
    if (reply.bytes !== sizeBytes) throw new RequestFailed(`GET ${bucket}/${key}: ${reply.bytes} bytes, expected ${sizeBytes}`);
    if (hash && reply.md5Hex !== md5Hex)
      throw new RequestFailed(`GET ${bucket}/${key}: body MD5 ${reply.md5Hex}, expected ${md5Hex ?? ''}`);
    return reply.bytes;
  }

  /** HEAD; the Content-Length must be `sizeBytes`. Returns 0 (no body moves). */
  async head(bucket: string, key: string, sizeBytes: number): Promise<number> {
    const reply = await this.call({ method: 'HEAD', path: S3Client.path(bucket, key) }, [200]);
    if (reply.headers['content-length'] !== String(sizeBytes)) {
      throw new RequestFailed(`HEAD ${bucket}/${key}: Content-Length ${String(reply.headers['content-length'])}, expected ${sizeBytes}`);
    }
    return 0;
  }

  /** HEAD, for what it tells: size and ETag (unquoted). */
  async stat(bucket: string, key: string): Promise<{ sizeBytes: number; etag: string }> {
    const reply = await this.call({ method: 'HEAD', path: S3Client.path(bucket, key) }, [200]);
    return { sizeBytes: Number(reply.headers['content-length']), etag: unquote(reply.headers.etag) };
  }

  async delete(bucket: string, key: string): Promise<number> {
    await this.call({ method: 'DELETE', path: S3Client.path(bucket, key) }, [204, 200]);
    return 0;
  }

  /** ListObjectsV2; returns the response bytes with the page. */
  async list(bucket: string, q: ListQuery): Promise<{ page: ListPage; bytes: number }> {
    const params: [string, string][] = [['list-type', '2']];
    if (q.prefix !== undefined) params.push(['prefix', q.prefix]);
    if (q.delimiter !== undefined) params.push(['delimiter', q.delimiter]);
    if (q.continuationToken !== undefined) params.push(['continuation-token', q.continuationToken]);
    params.push(['max-keys', String(q.maxKeys ?? 1000)]);
    const query = params
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
      .join('&');
    const reply = await this.call({ method: 'GET', path: S3Client.path(bucket), query, keepText: true }, [200]);
    const xml = reply.text;
    const prefixes = [...xml.matchAll(/<CommonPrefixes>\s*<Prefix>([^<]*)<\/Prefix>/g)].map((m) => xmlText(m[1] ?? ''));
    const page: ListPage = {
      keys: countOf(xml, '<Contents>'),
      prefixes,
      truncated: firstTag(xml, 'IsTruncated') === 'true',
      nextToken: firstTag(xml, 'NextContinuationToken'),
    };
    if (page.truncated && page.nextToken === undefined)
      throw new RequestFailed(`LIST ${bucket}: truncated page without a NextContinuationToken`);
    return { page, bytes: reply.bytes };
  }

  async createMultipartUpload(bucket: string, key: string): Promise<string> {
    const reply = await this.call({ method: 'POST', path: S3Client.path(bucket, key), query: 'uploads=', keepText: true }, [200]);
    const uploadId = firstTag(reply.text, 'UploadId');
    if (uploadId === undefined) throw new RequestFailed(`CreateMultipartUpload ${bucket}/${key}: no UploadId in the reply`);
    return uploadId;
  }

  /** UploadPart; returns the part's ETag (unquoted), checked against `md5Hex` with verify. */
  async uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer, md5Hex?: string): Promise<string> {
    const query = `partNumber=${partNumber}&uploadId=${uriEncode(uploadId)}`;
    const headers = { 'content-length': String(body.length) };
    const reply = await this.call({ method: 'PUT', path: S3Client.path(bucket, key), query, headers, body }, [200]);
    const etag = unquote(reply.headers.etag);
    if (this.verify && md5Hex !== undefined && etag !== md5Hex)
      throw new RequestFailed(`UploadPart ${partNumber}: ETag ${etag}, expected ${md5Hex}`);
    return etag;
  }

  /** CompleteMultipartUpload; returns the object's ETag (unquoted). */
  async completeMultipartUpload(bucket: string, key: string, uploadId: string, etags: readonly string[]): Promise<string> {
    const parts = etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>"${etag}"</ETag></Part>`).join('');
    const body = Buffer.from(`<CompleteMultipartUpload>${parts}</CompleteMultipartUpload>`);
    const query = `uploadId=${uriEncode(uploadId)}`;
    const headers = { 'content-length': String(body.length), 'content-type': 'application/xml' };
    const reply = await this.call({ method: 'POST', path: S3Client.path(bucket, key), query, headers, body, keepText: true }, [200]);
    // CompleteMultipartUpload can fail with a 200 status and an <Error> body.
    if (reply.text.includes('<Error>'))
      throw new RequestFailed(`CompleteMultipartUpload ${bucket}/${key}: ${firstTag(reply.text, 'Code') ?? 'error'}`);
    return (firstTag(reply.text, 'ETag') ?? '').replace(/"/g, '');
  }

  async abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.call({ method: 'DELETE', path: S3Client.path(bucket, key), query: `uploadId=${uriEncode(uploadId)}` }, [204, 200, 404]);
  }
}
