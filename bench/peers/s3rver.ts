// s3rver (npm, a devDependency): a small S3 emulator in Node that keeps each
// object as files. Run as a child process so that its CPU and memory are its
// own, not the load generator's.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startPeer } from './scope.js';
import type { Credentials, PeerResult } from './types.js';

const START_TIMEOUT_MS = 30_000;
// s3rver accepts one hard-coded account.
const S3RVER_CREDENTIALS: Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' };

function s3rverBin(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('s3rver/package.json')), 'bin', 's3rver.js');
  } catch {
    return undefined;
  }
}

export function startS3rver(): Promise<PeerResult> {
  return startPeer('s3rver', START_TIMEOUT_MS, async (scope) => {
    const bin = s3rverBin();
    if (bin === undefined) throw new Error("the npm package s3rver is not installed (it is a devDependency: run 'npm install')");
    const dir = await scope.tempDir('s3rver');
    const logFile = join(dir, 's3rver.log');
    const args = [bin, '--directory', join(dir, 'data'), '--address', '127.0.0.1', '--port', '0', '--silent', '--no-vhost-buckets'];
    const server = scope.daemon('s3rver', process.execPath, args, { logFile });
    const endpoint = await scope.waitFor(
      'waiting for "S3rver listening on ..."',
      async () => {
        const m = /S3rver listening on 127\.0\.0\.1:(\d+)/.exec(await readFile(logFile, 'utf8'));
        return m?.[1] !== undefined ? `http://127.0.0.1:${m[1]}` : undefined;
      },
      [server],
      100,
    );
    return { name: 's3rver', kind: 's3', endpoint, credentials: S3RVER_CREDENTIALS, pids: () => scope.pids() };
  });
}
