// Shared by the AWS CLI versioning, object lock and tagging tests
// (awscliVersioning/*.test.ts): `aws s3api` run with its JSON answer parsed or
// its refusal read from stderr ("An error occurred (Code) ..."), files to
// upload, and the server each test file starts.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, type RunningServer } from '../harness.js';
import { aws, awsEnv } from '../tools.js';

export const DAY_MS = 86_400_000;
export const daysAhead = (days: number): string =>
  new Date(Math.floor(Date.now() / 1000) * 1000 + days * DAY_MS).toISOString().replace('.000Z', 'Z');

export interface CliVersion {
  Key: string;
  VersionId: string;
  IsLatest: boolean;
}

/** The server one test file shares and the AWS CLI helpers its tests use. */
export interface CliBench {
  /** The server and the scratch directory for files; valid once the before hook has run. */
  current(): { server: RunningServer; work: string };
  /** Runs `aws s3api ...` and parses its JSON answer ({} when it prints nothing). */
  api(...args: string[]): Promise<Record<string, unknown>>;
  /** Runs `aws s3api ...`, which must fail with this S3 error code; returns its stderr. */
  refused(code: string, ...args: string[]): Promise<string>;
  /** Writes a file in the scratch directory; returns its path. */
  file(name: string, content: string): Promise<string>;
  /** get-object into a file: the body read back and the CLI's answer. */
  getBody(bucket: string, key: string, versionId?: string): Promise<{ body: string; answer: Record<string, unknown> }>;
}

/** Registers hooks in the calling describe that start a server and a scratch directory before its tests and remove them after. */
export function cliBench(): CliBench {
  let server: RunningServer;
  let work: string;
  let env: NodeJS.ProcessEnv;
  /** Runs `aws s3api ...` and parses its JSON answer ({} when it prints nothing). */
  const api = async (...args: string[]): Promise<Record<string, unknown>> => {
    const { stdout } = await aws(server, ['s3api', ...args], env);
    return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  };
  /** Runs `aws s3api ...`, which must fail with this S3 error code; returns its stderr. */
  const refused = async (code: string, ...args: string[]): Promise<string> => {
    try {
      await aws(server, ['s3api', ...args], env);
    } catch (err) {
      const stderr = String((err as { stderr?: string }).stderr);
      assert.match(stderr, new RegExp(`An error occurred \\(${code}\\)`), `aws s3api ${args.join(' ')}`);
      return stderr;
    }
    assert.fail(`aws s3api ${args.join(' ')} should have failed with ${code}`);
  };
  const file = async (name: string, content: string): Promise<string> => {
    const path = join(work, name);
    await writeFile(path, content);
    return path;
  };
  const getBody = async (bucket: string, key: string, versionId?: string): Promise<{ body: string; answer: Record<string, unknown> }> => {
    const out = join(work, 'download');
    const answer = await api(
      'get-object',
      '--bucket',
      bucket,
      '--key',
      key,
      ...(versionId !== undefined ? ['--version-id', versionId] : []),
      out,
    );
    return { body: await readFile(out, 'utf8'), answer };
  };

  before(async () => {
    server = await startServer();
    work = await mkdtemp(join(tmpdir(), 'lode-cli-versions-'));
    env = { ...(await awsEnv()), AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' };
  });
  after(async () => {
    await server?.dispose();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
    if (env?.['AWS_CONFIG_FILE'] !== undefined) await rm(dirname(env['AWS_CONFIG_FILE']), { recursive: true, force: true });
  });
  return { current: () => ({ server, work }), api, refused, file, getBody };
}
