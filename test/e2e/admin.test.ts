// `lode admin info` and `lode admin heal` against a running server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ROOT_PASSWORD, ROOT_USER, startServer, type RunningServer } from './harness.js';

const exec = promisify(execFile);
const BIN = resolve('bin/lode.js');

async function lodeAdmin(
  server: RunningServer,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [BIN, 'admin', ...args, '--endpoint', server.endpoint], {
      env: { ...process.env, LODE_ROOT_USER: ROOT_USER, LODE_ROOT_PASSWORD: ROOT_PASSWORD, ...env },
    });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(path)));
    else out.push(path);
  }
  return out;
}

describe('lode admin', () => {
  let server: RunningServer;
  let s3: S3Client;
  before(async () => {
    server = await startServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket: 'admin-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'admin-bucket', Key: 'small', Body: 'inline' }));
    await s3.send(new PutObjectCommand({ Bucket: 'admin-bucket', Key: 'large/a', Body: randomBytes(300_000) }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('info shows the drive, its state and the object count', async () => {
    const r = await lodeAdmin(server, ['info']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /single-drive/);
    assert.match(r.stdout, /1 bucket\(s\), 2 object\(s\)/);
    assert.ok(r.stdout.includes(server.dataDir));
    assert.match(r.stdout, /\bok\b/);
  });

  it('heal verifies every object, and reports one whose data file is gone', async () => {
    const clean = await lodeAdmin(server, ['heal']);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /2 object\(s\) scanned, 0 healed, 0 could not be healed/);
    for (const file of await allFiles(join(server.dataDir, 'data'))) await rm(file);
    const damaged = await lodeAdmin(server, ['heal', 'admin-bucket/large/']);
    assert.equal(damaged.code, 1);
    assert.match(damaged.stdout, /1 object\(s\) scanned, 0 healed, 1 could not be healed/);
    assert.match(damaged.stdout, /admin-bucket\/large\/a: data file .* is missing/);
  });

  it('refuses wrong credentials and anonymous callers, but answers health checks', async () => {
    const wrong = await lodeAdmin(server, ['info'], { LODE_ROOT_PASSWORD: 'not-the-password' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /SignatureDoesNotMatch/);
    const anonymous = await fetch(`${server.endpoint}/_lode/admin/v1/info`);
    assert.equal(anonymous.status, 403);
    await anonymous.text();
    const health = await fetch(`${server.endpoint}/_lode/health/live`);
    assert.deepEqual(await health.json(), { status: 'ok' });
  });

  it('explains a server that is not there', async () => {
    const r = await exec(process.execPath, [BIN, 'admin', 'info', '--endpoint', 'http://127.0.0.1:1'], {
      env: { ...process.env, LODE_ROOT_USER: ROOT_USER, LODE_ROOT_PASSWORD: ROOT_PASSWORD },
    }).catch((e: { code: number; stderr: string }) => e);
    assert.equal((r as { code: number }).code, 1);
    assert.match((r as { stderr: string }).stderr, /cannot reach http:\/\/127\.0\.0\.1:1/);
  });
});
