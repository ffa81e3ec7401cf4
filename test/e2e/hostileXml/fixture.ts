// Shared by the hostile-request end-to-end tests (hostileXml/*.test.ts): digests
// of a body, signed raw requests against one bucket, and the server each test
// file starts with that bucket made.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { CreateBucketCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from '../harness.js';
import { errorCode, sendSigned, type RawResponse } from '../rawRequest.js';

export const md5 = (body: Buffer | string): string => createHash('md5').update(body).digest('base64');
export const crc32Header = (body: Buffer | string): string => {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(crc32(Buffer.from(body)) >>> 0);
  return value.toString('base64');
};

export const HOSTILE_BUCKET = 'hostile';

/** The server one test file shares, its client, and raw requests against HOSTILE_BUCKET. */
export interface HostileBench {
  /** The server and its client; valid once the before hook has run. */
  current(): { server: RunningServer; s3: S3Client };
  /** A signed POST; Content-MD5 of the body unless other headers are given. */
  post(query: Record<string, string>, body: Buffer | string, headers?: Record<string, string>, path?: string): Promise<RawResponse>;
  /** A DeleteObjects document naming one key, given as XML text. */
  deleteDoc(keyXml: string): string;
  expectError(res: RawResponse, status: number, code: string, note: string): void;
  exists(Key: string): Promise<boolean>;
}

/** Registers hooks in the calling describe: a server with HOSTILE_BUCKET made before, disposed after. */
export function hostileBench(): HostileBench {
  const Bucket = HOSTILE_BUCKET;
  let server: RunningServer;
  let s3: S3Client;

  const post = (
    query: Record<string, string>,
    body: Buffer | string,
    headers: Record<string, string> = { 'content-md5': md5(body) },
    path = `/${Bucket}`,
  ): Promise<RawResponse> => sendSigned({ port: server.port, method: 'POST', path, query, body, headers });
  const deleteDoc = (keyXml: string): string => `<Delete><Object><Key>${keyXml}</Key></Object></Delete>`;
  const expectError = (res: RawResponse, status: number, code: string, note: string): void => {
    assert.equal(res.status, status, `${note}: ${res.body}`);
    assert.equal(errorCode(res.body), code, note);
  };
  const exists = async (Key: string): Promise<boolean> => {
    try {
      await s3.send(new HeadObjectCommand({ Bucket, Key }));
      return true;
    } catch {
      return false;
    }
  };

  before(async () => {
    server = await startServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });
  return { current: () => ({ server, s3 }), post, deleteDoc, expectError, exists };
}
