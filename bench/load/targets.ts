// The targets of a run: Lode on 1 drive and on 8 drives (erasure-coded), and
// the peers it is compared with, started through bench/peers/. A target that
// cannot start stays in the report with its reason.
import { join } from 'node:path';
import type { PeerResult, RunningTarget } from '../peers/index.js';
import type * as Peers from '../peers/index.js';

/** The part of bench/peers/ the load generator uses. */
export type PeersApi = Pick<typeof Peers, 'startLode' | 'startCephRgw' | 'startNginx' | 'startS3rver' | 'measureDriveWriteRate'>;

export interface TargetSpec {
  /** The name the report and --targets use. */
  name: string;
  start(): Promise<PeerResult>;
}

export interface StartedTarget {
  name: string;
  target: RunningTarget;
}

export interface FailedTarget {
  name: string;
  reason: string;
}

export function targetSpecs(peers: PeersApi, workers: number): TargetSpec[] {
  return [
    { name: 'lode-1d', start: () => peers.startLode({ drives: 1, workers }) },
    { name: 'lode-8d', start: () => peers.startLode({ drives: 8, workers }) },
    { name: 'ceph-rgw', start: () => peers.startCephRgw() },
    { name: 'nginx', start: () => peers.startNginx() },
    { name: 's3rver', start: () => peers.startS3rver() },
    ...baselineSpecs(peers, workers),
  ];
}

/**
 * LODE_BENCH_BASELINE=<checkout>: an earlier build of Lode (its own
 * `npm run build` done) runs beside this one as a peer, so a refactor's
 * before and after are measured in the same run on the same machine.
 */
function baselineSpecs(peers: PeersApi, workers: number): TargetSpec[] {
  const checkout = process.env['LODE_BENCH_BASELINE'];
  if (checkout === undefined || checkout === '') return [];
  const bin = join(checkout, 'bin', 'lode.js');
  return [
    { name: 'base-1d', start: () => peers.startLode({ drives: 1, workers, bin }) },
    { name: 'base-8d', start: () => peers.startLode({ drives: 8, workers, bin }) },
  ];
}

/** Lode with one worker process, for the scaling comparison. */
export function singleWorkerLode(peers: PeersApi): TargetSpec {
  return { name: 'lode-1d-w1', start: () => peers.startLode({ drives: 1, workers: 1 }) };
}

/** --targets: names or prefixes ("lode" selects lode-1d and lode-8d). */
export function selectSpecs(specs: TargetSpec[], filter: readonly string[]): TargetSpec[] {
  if (filter.length === 0) return specs;
  return specs.filter((s) => filter.some((f) => s.name === f || s.name.startsWith(f)));
}

export function isLode(name: string): boolean {
  return name.startsWith('lode-');
}

/** Starts each target in turn (one at a time: they share two cores). */
export async function startTargets(
  specs: readonly TargetSpec[],
  log: (line: string) => void,
): Promise<{ started: StartedTarget[]; failed: FailedTarget[] }> {
  const started: StartedTarget[] = [];
  const failed: FailedTarget[] = [];
  for (const spec of specs) {
    log(`starting ${spec.name} …`);
    let result: PeerResult;
    try {
      result = await spec.start();
    } catch (err) {
      result = { ok: false, name: spec.name, reason: err instanceof Error ? err.message : String(err) };
    }
    if (result.ok) {
      started.push({ name: spec.name, target: result.target });
      log(`  ${spec.name}: ${result.target.endpoint} (${result.target.kind}, pids ${result.target.pids().join(' ')})`);
    } else {
      failed.push({ name: spec.name, reason: result.reason });
      log(`  ${spec.name} did not start: ${result.reason}`);
    }
  }
  return { started, failed };
}

export async function stopTargets(started: readonly StartedTarget[], log: (line: string) => void): Promise<void> {
  for (const { name, target } of started) {
    try {
      await target.stop();
    } catch (err) {
      log(`stopping ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
