// A worker process: waits for its setup from the primary, then opens
// storage from the primary's plan and serves S3 (and, in the one worker
// that runs the node's scanners, lifecycle rules).
import { createHash } from 'node:crypto';
import { adminHook } from '../admin/index.js';
import { createS3Server } from '../s3/server.js';
import { openStorage, type ObjectStore, type StoreAdmin } from '../storage/index.js';
import { createLogger } from '../util/logger.js';
import { LifecycleScanner } from '../services/lifecycle/index.js';
import { guardWorker } from '../supervisor/workerGuard.js';
import { installFaultInjection } from '../supervisor/faultInjection.js';
import type { SupervisionStats } from '../supervisor/protocol.js';
import type { WorkerReport, WorkerSetup } from './messages.js';

/** Deletes and aborts per second the lifecycle scanner may issue: enough for millions of expiries a day, little next to request traffic. */
const LIFECYCLE_OPS_PER_SECOND = 200;

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
