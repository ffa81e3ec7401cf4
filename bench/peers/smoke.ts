// Smoke test of bench/peers/: starts every peer (installing packages when
// missing), does one signed PUT and GET on each S3 target and one GET of a
// static file on nginx, measures the drive, stops everything and checks that
// nothing is left. Slow and it installs packages: not part of `npm test`.
//
//   npm run build && node dist-test/bench/peers/smoke.js
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFailure, httpRequest } from './http.js';
import { isAlive } from './proc.js';
import { measureDriveWriteRate, startCephRgw, startLode, startNginx, startS3rver, type PeerResult, type RunningTarget } from './index.js';

const BUCKET = 'smoke-bucket';
const KEY = 'dir/hello%20world.txt'; // as sent: percent-encoded
const FILE_KEY = 'dir/hello world.txt'; // as stored by nginx
const BODY = Buffer.from(`lode peers smoke ${new Date().toISOString()}\n`);

const starts: Array<[string, () => Promise<PeerResult>]> = [
  ['lode (1 drive)', () => startLode({ drives: 1 })],
  ['lode (8 drives)', () => startLode({ drives: 8 })],
  ['ceph-rgw', () => startCephRgw()],
  ['nginx', () => startNginx()],
  ['s3rver', () => startS3rver()],
];

async function checkS3(t: RunningTarget): Promise<string> {
  const base = { endpoint: t.endpoint, ...(t.credentials !== undefined ? { credentials: t.credentials } : {}) };
  const made = await httpRequest({ ...base, method: 'PUT', rawPath: `/${BUCKET}` });
  if (made.status !== 200) throw new Error(`CreateBucket: ${describeFailure(made)}`);
  const put = await httpRequest({ ...base, method: 'PUT', rawPath: `/${BUCKET}/${KEY}`, body: BODY });
  if (put.status !== 200) throw new Error(`PutObject: ${describeFailure(put)}`);
  const get = await httpRequest({ ...base, method: 'GET', rawPath: `/${BUCKET}/${KEY}` });
  if (get.status !== 200) throw new Error(`GetObject: ${describeFailure(get)}`);
  if (!get.body.equals(BODY)) throw new Error(`GetObject returned ${get.body.length} bytes that differ from the ${BODY.length} written`);
  return `PUT+GET ${BODY.length} B ok (etag ${String(put.headers['etag'])})`;
}

async function checkStatic(t: RunningTarget): Promise<string> {
  if (t.staticRoot === undefined) throw new Error('static target without staticRoot');
  await mkdir(join(t.staticRoot, BUCKET, 'dir'), { recursive: true });
  await writeFile(join(t.staticRoot, BUCKET, FILE_KEY), BODY);
  const get = await httpRequest({ endpoint: t.endpoint, method: 'GET', rawPath: `/${BUCKET}/${KEY}` });
  if (get.status !== 200 || !get.body.equals(BODY))
    throw new Error(`GET of a file in staticRoot: HTTP ${get.status}, ${get.body.length} bytes`);
  const head = await httpRequest({ endpoint: t.endpoint, method: 'HEAD', rawPath: `/${BUCKET}/${KEY}` });
  if (head.status !== 200 || head.headers['content-length'] !== String(BODY.length))
    throw new Error(`HEAD: HTTP ${head.status}, content-length ${String(head.headers['content-length'])}`);
  const put = await httpRequest({ endpoint: t.endpoint, method: 'PUT', rawPath: `/${BUCKET}/other`, body: BODY });
  return `GET+HEAD of a file in ${t.staticRoot} ok (PUT refused: HTTP ${put.status})`;
}

function secondsSince(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  // A private TMPDIR (os.tmpdir() reads it) holds every peer's directories, so
  // that what is left behind is ours, not another benchmark's running alongside.
  const base = await mkdtemp(join(tmpdir(), 'lode-peers-smoke-'));
  process.env['TMPDIR'] = base;
  const running: RunningTarget[] = [];
  let failures = 0;
  try {
    for (const [name, start] of starts) {
      const t0 = performance.now();
      const result = await start();
      if (!result.ok) {
        failures++;
        console.log(`${name}: NOT STARTED after ${secondsSince(t0)}: ${result.reason}`);
        continue;
      }
      const t = result.target;
      running.push(t);
      console.log(`${t.name}: started in ${secondsSince(t0)} at ${t.endpoint} (${t.kind}, pids ${t.pids().join(' ')})`);
      try {
        console.log(`  ${t.kind === 's3' ? await checkS3(t) : await checkStatic(t)}`);
      } catch (err) {
        failures++;
        console.log(`  FAILED: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const rate = await measureDriveWriteRate(tmpdir());
    console.log(`drive write rate: ${rate.mibPerSecond.toFixed(0)} MiB/s (${rate.method})`);
  } finally {
    for (const t of running) {
      const pids = t.pids();
      const dir = t.staticRoot;
      const t0 = performance.now();
      await t.stop();
      const left = pids.filter(isAlive);
      if (left.length > 0 || (dir !== undefined && existsSync(dir))) failures++;
      console.log(
        `${t.name}: stopped in ${secondsSince(t0)}${left.length > 0 ? `, STILL ALIVE: ${left.join(' ')}` : ', no process left'}${dir !== undefined && existsSync(dir) ? `, ${dir} NOT REMOVED` : ''}`,
      );
    }
  }
  const leftDirs = readdirSync(base);
  if (leftDirs.length > 0) {
    failures++;
    console.log(`temporary directories left behind in ${base}: ${leftDirs.join(' ')}`);
  } else {
    await rm(base, { recursive: true });
  }
  if (failures > 0) {
    console.log(`${failures} failure(s)`);
    process.exitCode = 1;
  }
}

await main();
