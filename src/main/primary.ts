// The primary process: prepares storage (every drive, once) and the root
// credentials, forks the workers (node:cluster; they share the listening
// socket), hands each its setup, supervises them (supervisor/) and
// announces the server once every worker listens.
import cluster, { type Worker } from 'node:cluster';
import { resolve } from 'node:path';
import type { ServerConfig } from '../config/config.js';
import { resolveRootCredentials, type RootCredentials } from '../cli/credentials.js';
import { VERSION } from '../version.js';
import { prepareStorage, type StoragePlan } from '../storage/index.js';
import { WorkerSupervisor } from '../supervisor/WorkerSupervisor.js';
import type { WorkerReport, WorkerSetup } from './messages.js';

function fail(message: string, exitCode: number): void {
  process.stderr.write(`lode: ${message}\n`);
  process.exitCode = exitCode;
}

/** The primary: prepares the drives and credentials, then starts and supervises the workers. */
export async function runPrimary(initial: ServerConfig): Promise<void> {
  const drives = initial.drives.map((d) => resolve(d));
  const config: ServerConfig = Object.freeze({ ...initial, dataDir: resolve(initial.dataDir), drives });
  let credentials: RootCredentials;
  let generated: { path: string } | undefined;
  let plan: StoragePlan;
  try {
    plan = await prepareStorage(drives, { parity: config.parity });
    for (const notice of plan.notices) process.stderr.write(`lode: ${notice}\n`);
    const usable = plan.slots.flat().flatMap((s) => (s.path !== undefined && s.state !== 'offline' ? [s.path] : []));
    const resolved = await resolveRootCredentials(usable, config);
    credentials = resolved.credentials;
    if (resolved.generated) generated = { path: resolved.path };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const hint = e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'EPERM' ? ' (is the directory writable by this user?)' : '';
    return fail(drives.length === 1 ? `cannot use data directory ${config.dataDir}: ${e.message}${hint}` : `${e.message}${hint}`, 1);
  }

  let listening = 0;
  let shuttingDown = false;
  let announced = false;
  let scannerWorker: Worker | undefined;
  const fork = (): Worker => {
    const worker = cluster.fork();
    const runScanner = scannerWorker === undefined;
    if (runScanner) scannerWorker = worker;
    worker.on('message', (msg: WorkerReport) => {
      // The worker asks once its listener is in place: a message sent on
      // 'online' can arrive before the worker's modules have loaded, and be lost.
      if (msg.type === 'ready') {
        worker.send({ type: 'setup', config, credentials, runScanner, plan } satisfies WorkerSetup);
      } else if (msg.type === 'listening') {
        supervisor.markServing(worker);
        listening++;
        if (!announced && listening === config.workers) {
          announced = true;
          announce(config, msg.port, credentials, generated, plan);
        }
      } else if (msg.type === 'listen-error') {
        const where = `${config.host}:${config.port}`;
        const why =
          msg.code === 'EADDRINUSE'
            ? `${where} is already in use: stop the other server or choose another --address`
            : msg.code === 'EACCES'
              ? `no permission to listen on ${where} (ports below 1024 need privileges)`
              : `cannot listen on ${where}: ${msg.message}`;
        shutdown(why, 1);
      } else if (msg.type === 'fatal') {
        shutdown(msg.message, 1);
      }
    });
    worker.on('exit', () => {
      if (scannerWorker === worker) scannerWorker = undefined; // its replacement takes the scanner over
      if (shuttingDown && supervisor.size === 0) process.exit(process.exitCode ?? 0);
    });
    return worker;
  };
  const supervisor = new WorkerSupervisor({
    workers: config.workers,
    ...config.supervision,
    fork,
    notice: (line) => process.stderr.write(`${line}\n`),
  });
  const shutdown = (message: string | undefined, exitCode: number): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    supervisor.stop();
    if (message !== undefined) process.stderr.write(`lode: ${message}\n`);
    process.exitCode = exitCode;
    const alive = supervisor.workersAlive();
    for (const w of alive) w.kill('SIGTERM');
    if (alive.length === 0) process.exit(exitCode);
    // Workers that hang on close are not waited for forever, nor left
    // behind: a worker stuck in exit (lmdb-js write threads waiting for a JS
    // callback that will never run keep process.exit from returning) would
    // outlive the primary and keep its terminal or pipes open. The index is
    // crash-safe, so SIGKILL loses nothing acknowledged.
    setTimeout(() => {
      for (const w of supervisor.workersAlive()) w.process.kill('SIGKILL');
      process.exit(exitCode);
    }, 10_000).unref();
  };
  process.on('SIGINT', () => shutdown(undefined, 0));
  process.on('SIGTERM', () => shutdown(undefined, 0));
  supervisor.start();
}

function announce(
  config: ServerConfig,
  port: number,
  credentials: RootCredentials,
  generated: { path: string } | undefined,
  plan: StoragePlan,
): void {
  const shownHost =
    config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const where =
    config.drives.length === 1
      ? `data in ${config.dataDir}`
      : `${config.drives.length} drives in ${plan.layout.sets.length} erasure set(s) of ${plan.layout.setSize}, parity ${plan.layout.parity.standard} (reduced redundancy ${plan.layout.parity.reducedRedundancy})`;
  const lines = [
    `Lode ${VERSION}: S3 API on http://${shownHost}:${port} (${config.workers} worker${config.workers === 1 ? '' : 's'}), ${where}`,
  ];
  if (config.domain !== undefined) lines.push(`Virtual-host-style requests: http://BUCKET.${config.domain}:${port}`);
  if (generated !== undefined) {
    lines.push(`Root credentials were generated and saved to ${generated.path} (mode 0600); they are shown only this once:`);
    lines.push(`  Access key: ${credentials.accessKeyId}`);
    lines.push(`  Secret key: ${credentials.secretAccessKey}`);
  } else {
    lines.push(`Root access key: ${credentials.accessKeyId}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
