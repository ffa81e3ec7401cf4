// Shared by the versioning, object lock and tagging end-to-end tests: reading
// bodies, listing every version of a bucket (through the SDK and as raw XML,
// which keeps the order the SDK's split into Versions / DeleteMarkers loses),
// and servers with one drive or several.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectVersionsCommand, type ListObjectVersionsCommandInput, type S3Client } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from './harness.js';
import { sendSigned } from './rawRequest.js';

export interface Listed {
  key: string;
  versionId: string;
  isLatest: boolean;
  deleteMarker: boolean;
}

/** The whole body of a GetObject answer as a string. */
export async function text(res: { Body?: { transformToByteArray(): Promise<Uint8Array> } | undefined }): Promise<string> {
  assert.ok(res.Body, 'the answer has a body');
  return Buffer.from(await res.Body.transformToByteArray()).toString();
}

/** One ListObjectVersions page through the SDK, versions and delete markers together (sorted by key, then version id). */
export async function listVersions(
  s3: S3Client,
  input: ListObjectVersionsCommandInput,
): Promise<{ entries: Listed[]; prefixes: string[]; truncated: boolean; nextKeyMarker?: string; nextVersionIdMarker?: string }> {
  const res = await s3.send(new ListObjectVersionsCommand(input));
  const entries: Listed[] = [
    ...(res.Versions ?? []).map((v) => ({ key: v.Key!, versionId: v.VersionId!, isLatest: v.IsLatest === true, deleteMarker: false })),
    ...(res.DeleteMarkers ?? []).map((m) => ({ key: m.Key!, versionId: m.VersionId!, isLatest: m.IsLatest === true, deleteMarker: true })),
  ];
  const out: { entries: Listed[]; prefixes: string[]; truncated: boolean; nextKeyMarker?: string; nextVersionIdMarker?: string } = {
    entries,
    prefixes: (res.CommonPrefixes ?? []).map((p) => p.Prefix!),
    truncated: res.IsTruncated === true,
  };
  if (res.NextKeyMarker !== undefined) out.nextKeyMarker = res.NextKeyMarker;
  if (res.NextVersionIdMarker !== undefined) out.nextVersionIdMarker = res.NextVersionIdMarker;
  return out;
}

/** Every version and delete marker of the bucket (one page of up to 1000), in listing order, read from the raw XML. */
export async function rawVersionList(server: RunningServer, bucket: string, query: Record<string, string> = {}): Promise<Listed[]> {
  const res = await sendSigned({ port: server.port, method: 'GET', path: `/${bucket}`, query: { versions: '', ...query } });
  assert.equal(res.status, 200, res.body);
  const out: Listed[] = [];
  for (const m of res.body.matchAll(/<(Version|DeleteMarker)>([\s\S]*?)<\/\1>/g)) {
    const inner = m[2]!;
    const field = (name: string): string => {
      const found = new RegExp(`<${name}>([^<]*)</${name}>`).exec(inner);
      assert.ok(found, `${m[1]} has ${name}: ${inner}`);
      return found[1]!;
    };
    out.push({
      key: field('Key'),
      versionId: field('VersionId'),
      isLatest: field('IsLatest') === 'true',
      deleteMarker: m[1] === 'DeleteMarker',
    });
  }
  return out;
}

/** A version id that is well formed (same shape as a real one) but names no version. */
export function unknownVersionLike(versionId: string): string {
  const last = versionId.slice(-1);
  return versionId.slice(0, -1) + (last === '0' ? '1' : '0');
}

export interface LodeNode {
  server: RunningServer;
  /** Stops the server and removes every directory it used. */
  close(): Promise<void>;
}

/** A single-drive server. */
export async function singleDrive(): Promise<LodeNode> {
  const server = await startServer();
  return { server, close: () => server.dispose() };
}

/** A node of `drives` drives, as `lode server /mnt/disk{1...N}` lays them out (one set up to 16 drives, several beyond). */
export async function erasureNode(drives: number): Promise<LodeNode> {
  const root = await mkdtemp(join(tmpdir(), 'lode-ec-versions-'));
  let server: RunningServer;
  try {
    server = await startServer({ dataDir: join(root, `disk{1...${drives}}`) });
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
  return {
    server,
    close: async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
