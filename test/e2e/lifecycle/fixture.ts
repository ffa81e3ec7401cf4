// Shared by the bucket lifecycle end-to-end tests (lifecycle/*.test.ts): the
// compressed-time server they run against (a lifecycle "day" of one second),
// polling until the scanner has acted, and reading versions, bodies and the
// scanner's pass reports back. Each test file starts its own server through
// lifecycleBench(), so the files run in parallel without sharing buckets.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { rm } from 'node:fs/promises';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  type LifecycleRule,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { ROOT_PASSWORD, ROOT_USER, startServer, type RunningServer } from '../harness.js';
import { aws, awsEnv } from '../tools.js';

/** One lifecycle day lasts a second; the scanner rests half a second between passes. */
export const COMPRESSED_TIME = ['--lifecycle-day-seconds', '1', '--lifecycle-interval-seconds', '0.5'];
/** How long a rule may take to fire: a day, a pass or two, and a loaded machine. */
const FIRE_TIMEOUT_MS = 20_000;

/**
 * A client that opens a new connection for every request, for requests that
 * must fail. (Error answers queued behind a previous response on a kept-alive
 * connection were once dropped; the test 'answers an expired version's 404
 * on a kept-alive connection' covers that case itself.)
 */
export function freshConnectionClient(server: RunningServer): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: ROOT_USER, secretAccessKey: ROOT_PASSWORD },
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
  });
}

/** Polls `probe` until it returns something other than undefined; fails after `timeoutMs` with the last state seen. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  describeState: () => Promise<unknown> = async () => undefined,
  timeoutMs = FIRE_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      assert.fail(`${what}: not seen within ${timeoutMs} ms; last state: ${JSON.stringify(await describeState())}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface VersionRow {
  key: string;
  versionId: string;
  latest: boolean;
  marker: boolean;
}

/** Every version and delete marker under the prefix, newest first per key. */
export async function versionsOf(s3: S3Client, Bucket: string, Prefix: string): Promise<VersionRow[]> {
  const res = await s3.send(new ListObjectVersionsCommand({ Bucket, Prefix }));
  assert.notEqual(res.IsTruncated, true, 'test listings fit in one page');
  const rows: Array<VersionRow & { at: number }> = [
    ...(res.Versions ?? []).map((v) => ({
      key: v.Key!,
      versionId: v.VersionId!,
      latest: v.IsLatest === true,
      marker: false,
      at: v.LastModified!.getTime(),
    })),
    ...(res.DeleteMarkers ?? []).map((m) => ({
      key: m.Key!,
      versionId: m.VersionId!,
      latest: m.IsLatest === true,
      marker: true,
      at: m.LastModified!.getTime(),
    })),
  ];
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : Number(b.latest) - Number(a.latest) || b.at - a.at));
  return rows.map(({ key, versionId, latest, marker }) => ({ key, versionId, latest, marker }));
}

/** HTTP status of a HEAD (200, or the error status: 404 when gone or behind a delete marker). */
export async function headStatus(s3: S3Client, Bucket: string, Key: string, VersionId?: string): Promise<number> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket, Key, ...(VersionId !== undefined ? { VersionId } : {}) }));
    return 200;
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === undefined) throw err;
    return status;
  }
}

export async function readBody(s3: S3Client, Bucket: string, Key: string, VersionId?: string): Promise<Buffer> {
  const res = await s3.send(new GetObjectCommand({ Bucket, Key, ...(VersionId !== undefined ? { VersionId } : {}) }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

export async function putVersion(s3: S3Client, input: PutObjectCommandInput): Promise<string> {
  const res = await s3.send(new PutObjectCommand(input));
  assert.ok(res.VersionId !== undefined && res.VersionId !== 'null', `${input.Key} got a version id`);
  return res.VersionId;
}

/** The scanner's 'lifecycle pass' log lines (JSON on stderr), oldest first. */
export function passReports(server: RunningServer): Array<Record<string, number>> {
  const reports: Array<Record<string, number>> = [];
  for (const line of server.output().split('\n')) {
    if (!line.includes('"lifecycle pass"')) continue;
    try {
      reports.push(JSON.parse(line) as Record<string, number>);
    } catch {
      // a line interleaved with another process's output
    }
  }
  return reports;
}

/** Parses x-amz-expiration: expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="..." */
export function parseExpiration(value: string | undefined): { date: Date; ruleId: string } {
  assert.ok(value !== undefined, 'x-amz-expiration is present');
  const m = /^expiry-date="([^"]+)", rule-id="([^"]*)"$/.exec(value);
  assert.ok(m !== null, `x-amz-expiration has S3's form: ${value}`);
  return { date: new Date(m[1]!), ruleId: decodeURIComponent(m[2]!) };
}

export const byId = (rules: LifecycleRule[] | undefined): LifecycleRule[] =>
  [...(rules ?? [])].sort((a, b) => String(a.ID).localeCompare(String(b.ID)));

/** The server one test file shares, its clients, and the AWS CLI and bucket helpers its tests use. */
export interface LifecycleBench {
  /** The server and its clients; valid once the before hook has run. */
  current(): { server: RunningServer; s3: S3Client; errs: S3Client };
  /** Runs `aws s3api ...` and parses its JSON answer (undefined when it prints nothing). */
  cli(args: string[]): Promise<unknown>;
  /** Runs an AWS CLI command that must fail; returns its stderr. */
  cliFails(args: string[]): Promise<string>;
  createBucket(Bucket: string, versioned?: boolean): Promise<void>;
  putRules(Bucket: string, Rules: LifecycleRule[]): Promise<void>;
}

/** Registers hooks in the calling describe that start one server in compressed time before its tests and dispose it after. */
export function lifecycleBench(): LifecycleBench {
  let server: RunningServer;
  let s3: S3Client;
  let errs: S3Client;
  let env: NodeJS.ProcessEnv;
  let awsDir: string | undefined;
  const cli = async (args: string[]): Promise<unknown> => {
    const { stdout } = await aws(server, ['s3api', ...args, '--output', 'json'], env);
    return stdout.trim() === '' ? undefined : (JSON.parse(stdout) as unknown);
  };
  const cliFails = async (args: string[]): Promise<string> => {
    try {
      await aws(server, ['s3api', ...args, '--output', 'json'], env);
    } catch (err) {
      return String((err as { stderr?: string }).stderr);
    }
    assert.fail(`aws s3api ${args.join(' ')} succeeded`);
  };
  const createBucket = async (Bucket: string, versioned = false): Promise<void> => {
    await s3.send(new CreateBucketCommand({ Bucket }));
    if (versioned) await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  };
  const putRules = async (Bucket: string, Rules: LifecycleRule[]): Promise<void> => {
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules } }));
  };

  before(async () => {
    server = await startServer({ extraArgs: COMPRESSED_TIME });
    s3 = server.client();
    errs = freshConnectionClient(server);
    env = await awsEnv();
    awsDir = env['AWS_CONFIG_FILE']?.replace(/\/config$/, '');
  });
  after(async () => {
    s3?.destroy();
    errs?.destroy();
    await server?.dispose();
    if (awsDir !== undefined) await rm(awsDir, { recursive: true, force: true });
  });
  return { current: () => ({ server, s3, errs }), cli, cliFails, createBucket, putRules };
}
