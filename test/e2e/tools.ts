// Running external S3 clients (AWS CLI, boto3, rclone, s3cmd) against a server.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_PASSWORD, ROOT_USER, type RunningServer } from './harness.js';

const exec = promisify(execFile);

export async function hasCommand(name: string): Promise<boolean> {
  try {
    await exec('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

export interface ToolResult {
  stdout: string;
  stderr: string;
}

/** The environment every AWS tool reads: keys, region, and no stray user config. */
export async function awsEnv(): Promise<NodeJS.ProcessEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'lode-aws-'));
  const config = join(dir, 'config');
  await writeFile(config, '[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n');
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: ROOT_USER,
    AWS_SECRET_ACCESS_KEY: ROOT_PASSWORD,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export async function aws(server: RunningServer, args: string[], env?: NodeJS.ProcessEnv): Promise<ToolResult> {
  return exec('aws', ['--endpoint-url', server.endpoint, ...args], { env: env ?? (await awsEnv()), maxBuffer: 64 * 1024 * 1024 });
}

export async function run(command: string, args: string[], env?: NodeJS.ProcessEnv, input?: string): Promise<ToolResult> {
  const child = exec(command, args, { env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return child;
}
