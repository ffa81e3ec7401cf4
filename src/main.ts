// Composition root: the only file that wires implementations from several
// folders together (cli/main.ts dispatches the command line to it). The
// primary process validates the data directory, then forks workers
// (node:cluster) that share the listening socket, supervised by
// supervisor/; each worker opens the store and serves S3.
import cluster, { type Worker } from 'node:cluster';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { ServerConfig } from './config/config.js';
import { resolveRootCredentials, type RootCredentials } from './cli/credentials.js';
import { adminHook } from './admin/index.js';
import { VERSION } from './version.js';
import { createS3Server } from './s3/server.js';
import { openStorage, prepareStorage, type ObjectStore, type StoragePlan, type StoreAdmin } from './storage/index.js';
import { createLogger } from './util/logger.js';
import { LifecycleScanner } from './services/lifecycle/index.js';
import { WorkerSupervisor } from './supervisor/WorkerSupervisor.js';
import { guardWorker } from './supervisor/workerGuard.js';
import { installFaultInjection } from './supervisor/faultInjection.js';
import type { SupervisionStats } from './supervisor/protocol.js';

/** Deletes and aborts per second the lifecycle scanner may issue: enough for millions of expiries a day, little next to request traffic. */
const LIFECYCLE_OPS_PER_SECOND = 200;

interface WorkerSetup {
  type: 'setup';
  config: ServerConfig;
  credentials: RootCredentials;
  /** Which directory is which slot of which erasure set (one drive: one set of one). */
  plan: StoragePlan;
  /** This worker runs the node's background scanner (exactly one does). */
  runScanner?: boolean;
}
type WorkerReport =
  | { type: 'ready' }
  | { type: 'listening'; port: number }
  | { type: 'listen-error'; code: string; message: string }
  | { type: 'fatal'; message: string };

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

/** What a worker knows of its supervision (for `lode admin info`), and how to stop it serving when its primary is gone. */
interface WorkerState {
  stats: SupervisionStats | undefined;
  stopServing: () => void;
}

/** A worker: waits for its setup from the primary, then opens the store and serves. */
export function runWorker(): void {
  const report = (msg: WorkerReport): void => {
    if (process.connected) process.send?.(msg);
  };
  const state: WorkerState = { stats: undefined, stopServing: () => process.kill(process.pid, 'SIGKILL') };
  guardWorker({ onStats: (stats) => (state.stats = stats), stopServing: () => state.stopServing() });
  installFaultInjection(process.env);
  const onSetup = (msg: WorkerSetup): void => {
    if (msg.type !== 'setup') return;
    process.off('message', onSetup);
    void startWorker(msg, report, state).catch((err: Error) =>
      report({ type: 'fatal', message: `worker failed to start: ${err.message}` }),
    );
  };
  process.on('message', onSetup);
  report({ type: 'ready' });
}

async function startWorker(
  { config, credentials, plan, runScanner }: WorkerSetup,
  report: (msg: WorkerReport) => void,
  state: WorkerState,
): Promise<void> {
  const log = createLogger({ pid: process.pid });
  const store: ObjectStore & StoreAdmin = await openStorage(plan, {
    onBackgroundError: (err) => log.warn('background', { error: String(err) }),
    log: (message) => log.info('heal', { message }),
    runScanner: runScanner === true,
    scanObjectsPerSecond: config.scanObjectsPerSecond,
  });
  const ownerId = createHash('sha256').update(credentials.accessKeyId).digest('hex');
  const server = createS3Server({
    store,
    timeouts: {
      idleSocketMs: config.slowClients.idleTimeoutMs,
      minUploadBytesPerSecond: config.slowClients.minUploadBytesPerSecond,
      uploadRateWindowMs: config.slowClients.uploadRateWindowMs,
    },
    secrets: (accessKeyId) => (accessKeyId === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
    settings: {
      region: config.region,
      maxObjectSizeBytes: config.maxObjectSizeBytes,
      ownerId,
      ownerDisplayName: 'root',
      lifecycleDayMs: config.lifecycle.dayMs,
    },
    log,
    ...(config.domain !== undefined ? { domain: config.domain } : {}),
    admin: adminHook({ admin: store, log, rootAccessKey: credentials.accessKeyId, processes: () => state.stats }),
  });
  // One worker applies lifecycle rules (the same one that runs the erasure scanner), paced so requests are not stalled.
  const lifecycle =
    runScanner === true
      ? new LifecycleScanner({
          store,
          dayMs: config.lifecycle.dayMs,
          intervalMs: config.lifecycle.intervalMs,
          maxOpsPerSecond: LIFECYCLE_OPS_PER_SECOND,
          log,
        })
      : undefined;
  lifecycle?.start();
  server.once('error', (err: NodeJS.ErrnoException) => report({ type: 'listen-error', code: err.code ?? 'UNKNOWN', message: err.message }));
  server.listen(config.port, config.host, () => {
    const address = server.address();
    report({ type: 'listening', port: typeof address === 'object' && address !== null ? address.port : config.port });
  });
  state.stopServing = () => {
    server.close();
    server.closeIdleConnections();
  };
  const close = (): void => {
    server.close();
    server.closeIdleConnections();
    // Give in-flight requests a moment, then close the store and leave.
    setTimeout(() => {
      server.closeAllConnections();
      void (lifecycle?.stop() ?? Promise.resolve()).then(() => store.close()).finally(() => process.exit(0));
    }, 2_000).unref();
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', () => undefined); // the primary decides
}
