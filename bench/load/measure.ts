// Runs one scenario against every eligible target: prepare each, then R
// rounds in which the targets take turns (A B A B …), a warm-up before each
// target's first measured run. Each run is sampled (server RSS and CPU, the
// client's own CPU) and summarised; the report uses the medians over rounds.
import type { TargetContext } from './context.js';
import type { LoopResult } from './loop.js';
import { GiB, MiB } from './payload.js';
import { ProcSampler, clientCpuSeconds } from './sampler.js';
import type { Scenario } from './scenarios/scenario.js';
import { median, percentile } from './stats.js';

export interface RunMetrics {
  ops: number;
  errors: number;
  bytes: number;
  items: number;
  elapsedMs: number;
  opsPerSecond: number;
  mibPerSecond: number;
  itemsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  peakRssBytes: number;
  /** Of which not file-backed (heap, buffers): see sampler.ts. */
  peakAnonBytes: number;
  serverCpuSeconds: number;
  /** Server CPU seconds per GiB of bodies moved; NaN when (almost) nothing moved. */
  cpuSecondsPerGiB: number;
  /** Cores' worth of CPU the load generator itself used during the run. */
  clientCores: number;
}

export interface ScenarioTargetResult {
  scenario: string;
  target: string;
  /** Set when the target could not take part (preparation or every run failed). */
  failure?: string;
  rounds: RunMetrics[];
  /** Medians over rounds (peak RSS: the highest; errors, ops, bytes: totals). */
  summary?: RunMetrics;
  firstErrors: string[];
}

async function measureRun(
  ctx: TargetContext,
  scenario: Scenario,
  warm: boolean,
): Promise<{ metrics: RunMetrics; firstErrors: string[] } | undefined> {
  const budget = warm ? scenario.warmup(ctx) : scenario.budget(ctx);
  if (budget === null) return undefined;
  await scenario.beforeRun?.(ctx);
  const sampler = new ProcSampler(() => ctx.target.pids());
  await sampler.start();
  const clientCpu0 = clientCpuSeconds();
  let result: LoopResult;
  try {
    result = await scenario.run(ctx, budget);
  } catch (err) {
    await sampler.stop(); // its timer must not outlive a failed run
    throw err;
  }
  const usage = await sampler.stop();
  return {
    metrics: summarise(result, usage.peakRssBytes, usage.peakAnonBytes, usage.cpuSeconds, clientCpuSeconds() - clientCpu0),
    firstErrors: result.firstErrors,
  };
}

function summarise(r: LoopResult, peakRssBytes: number, peakAnonBytes: number, serverCpuSeconds: number, clientCpu: number): RunMetrics {
  const seconds = r.elapsedMs / 1000;
  const latencies = r.latenciesMs.values();
  return {
    ops: r.ops,
    errors: r.errors,
    bytes: r.bytes,
    items: r.items,
    elapsedMs: r.elapsedMs,
    opsPerSecond: r.ops / seconds,
    mibPerSecond: r.bytes / MiB / seconds,
    itemsPerSecond: r.items / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    peakRssBytes,
    peakAnonBytes,
    serverCpuSeconds,
    cpuSecondsPerGiB: r.bytes >= MiB ? serverCpuSeconds / (r.bytes / GiB) : Number.NaN,
    clientCores: clientCpu / seconds,
  };
}

function summary(rounds: readonly RunMetrics[]): RunMetrics {
  const med = (f: (m: RunMetrics) => number): number => median(rounds.map(f));
  const sum = (f: (m: RunMetrics) => number): number => rounds.reduce((a, m) => a + f(m), 0);
  return {
    ops: sum((m) => m.ops),
    errors: sum((m) => m.errors),
    bytes: sum((m) => m.bytes),
    items: sum((m) => m.items),
    elapsedMs: sum((m) => m.elapsedMs),
    opsPerSecond: med((m) => m.opsPerSecond),
    mibPerSecond: med((m) => m.mibPerSecond),
    itemsPerSecond: med((m) => m.itemsPerSecond),
    p50Ms: med((m) => m.p50Ms),
    p99Ms: med((m) => m.p99Ms),
    peakRssBytes: Math.max(...rounds.map((m) => m.peakRssBytes)),
    peakAnonBytes: Math.max(...rounds.map((m) => m.peakAnonBytes)),
    serverCpuSeconds: sum((m) => m.serverCpuSeconds),
    cpuSecondsPerGiB: med((m) => m.cpuSecondsPerGiB),
    clientCores: med((m) => m.clientCores),
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function runScenario(
  scenario: Scenario,
  contexts: readonly TargetContext[],
  rounds: number,
  log: (line: string) => void,
): Promise<ScenarioTargetResult[]> {
  const eligible = contexts.filter((c) => scenario.kinds.includes(c.target.kind));
  const results = new Map<string, ScenarioTargetResult>();
  const firstErrors = new Map<string, string[]>();
  for (const ctx of eligible) {
    const entry: ScenarioTargetResult = { scenario: scenario.name, target: ctx.name, rounds: [], firstErrors: [] };
    results.set(ctx.name, entry);
    firstErrors.set(ctx.name, entry.firstErrors);
    try {
      const start = performance.now();
      await scenario.prepare?.(ctx);
      const seconds = (performance.now() - start) / 1000;
      if (seconds > 1) log(`  ${scenario.name} on ${ctx.name}: prepared in ${seconds.toFixed(1)} s`);
    } catch (err) {
      entry.failure = `preparation failed: ${message(err)}`;
      log(`  ${scenario.name} on ${ctx.name}: ${entry.failure}`);
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const ctx of eligible) {
      const entry = results.get(ctx.name);
      if (entry === undefined || entry.failure !== undefined) continue;
      try {
        if (round === 0) await measureRun(ctx, scenario, true);
        const measured = await measureRun(ctx, scenario, false);
        if (measured === undefined) continue;
        const { metrics } = measured;
        entry.rounds.push(metrics);
        for (const e of measured.firstErrors) if (entry.firstErrors.length < 5) entry.firstErrors.push(e);
        log(`  ${scenario.name} on ${ctx.name}, round ${round + 1}/${rounds}: ${describe(metrics)}`);
      } catch (err) {
        entry.firstErrors.push(message(err));
        log(`  ${scenario.name} on ${ctx.name}, round ${round + 1}/${rounds}: failed: ${message(err)}`);
      }
    }
  }
  for (const entry of results.values()) {
    if (entry.rounds.length > 0) entry.summary = summary(entry.rounds);
    else entry.failure ??= `every run failed: ${entry.firstErrors[0] ?? 'no result'}`;
  }
  return [...results.values()];
}

function describe(m: RunMetrics): string {
  const parts = [`${m.opsPerSecond.toFixed(0)} ops/s`, `${m.mibPerSecond.toFixed(1)} MiB/s`];
  if (m.items > 0) parts.push(`${m.itemsPerSecond.toFixed(0)} keys/s`);
  parts.push(
    `p50 ${m.p50Ms.toFixed(2)} ms`,
    `p99 ${m.p99Ms.toFixed(2)} ms`,
    `RSS ${(m.peakRssBytes / MiB).toFixed(0)} MiB (anon ${(m.peakAnonBytes / MiB).toFixed(0)})`,
  );
  if (m.errors > 0) parts.push(`${m.errors} ERRORS`);
  return parts.join(', ');
}
