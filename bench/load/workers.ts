// Unmeasured warm-up of the targets, and the workers comparison: Lode on one
// drive with --workers processes against the same with one process.
import { createContext, type Scale, type TargetContext } from './context.js';
import { runScenario } from './measure.js';
import type { BenchOptions } from './options.js';
import type { Payload } from './payload.js';
import type { ScenarioResults } from './results.js';
import { objectScenarios } from './scenarios/index.js';
import { singleWorkerLode, startTargets, stopTargets, type PeersApi } from './targets.js';

type Log = (line: string) => void;

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A few seconds of the 4 KiB mix on each S3 target, not measured: the servers' JIT and caches warm up before the first scenario. */
export async function warmUp(contexts: readonly TargetContext[], scale: Scale, log: Log): Promise<void> {
  const mixed = objectScenarios().find((s) => s.name === 'mixed-4k');
  for (const ctx of contexts.filter((c) => c.target.kind === 's3')) {
    log(`warm-up on ${ctx.name}: ${scale.globalWarmupMs / 1000} s of the 4 KiB mix`);
    try {
      await mixed?.prepare?.(ctx);
      const result = await mixed?.run(ctx, { durationMs: scale.globalWarmupMs, maxOps: 1_000_000 });
      if (result !== undefined && result.errors > 0)
        log(`  warm-up on ${ctx.name}: ${result.errors} errors (${result.firstErrors[0] ?? ''})`);
    } catch (err) {
      log(`  warm-up on ${ctx.name} failed: ${reasonOf(err)}`);
    }
  }
}

/** Compared with 1 and with --workers worker processes: a read and a write of small objects (server CPU bound). */
const SCALING_SCENARIOS = ['get-4k', 'put-4k'];

export interface WorkersComparison {
  peers: PeersApi;
  /** lode-1d, running with --workers processes. */
  base: TargetContext | undefined;
  baseIsWarm: boolean;
  options: BenchOptions;
  payload: Payload;
  scale: Scale;
  log: Log;
}

/** Starts Lode on 1 drive with one worker process and runs SCALING_SCENARIOS against it and `base`, alternating. */
export async function workersComparison({
  peers,
  base,
  baseIsWarm,
  options,
  payload,
  scale,
  log,
}: WorkersComparison): Promise<ScenarioResults[]> {
  if (base === undefined) throw new Error('lode-1d is not running');
  const { started, failed } = await startTargets([singleWorkerLode(peers)], log);
  const single = started[0];
  if (single === undefined) throw new Error(`lode with 1 worker did not start: ${failed[0]?.reason ?? ''}`);
  const ctx = createContext(single.name, single.target, payload, scale, options.verify);
  try {
    await warmUp(baseIsWarm ? [ctx] : [base, ctx], scale, log);
    const out: ScenarioResults[] = [];
    for (const scenario of objectScenarios().filter((s) => SCALING_SCENARIOS.includes(s.name))) {
      log(`scaling, ${scenario.name}: lode-1d (${options.workers} workers) against lode-1d-w1`);
      const results = await runScenario(scenario, [base, ctx], options.rounds, log);
      out.push({ name: scenario.name, description: scenario.description, headline: scenario.headline, results });
    }
    return out;
  } finally {
    await ctx.client.close();
    await stopTargets(started, log);
  }
}
