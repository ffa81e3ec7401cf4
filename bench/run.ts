// `npm run bench`: Lode against its peers on this machine, in one run.
//
//   npm run bench                       // the full run (about 25 minutes on 2 cores)
//   npm run bench -- --quick            // a smoke test of every part (a few minutes)
//   npm run bench -- --only get-4k,put-4k --targets lode,ceph-rgw --rounds 5
//
// Order: the sections that need a quiet machine (codec, drive rate, the
// million-key engine listing), then the targets are started and every
// scenario runs against each of them in turn, then the large-object memory
// check and the workers comparison. Progress goes to stderr; the Markdown
// report to stdout and bench/results/ (latest.md, latest.json, and copies).
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { measureBigObjects } from './load/bigObjects.js';
import { codecFigures, millionKeys } from './load/children.js';
import { createContext, scaleFor } from './load/context.js';
import { evaluateFigures } from './load/figures.js';
import { runScenario } from './load/measure.js';
import { HELP, SECTIONS, UsageError, parseOptions, wanted, type BenchOptions } from './load/options.js';
import { MiB, Payload } from './load/payload.js';
import * as peerModule from './peers/index.js';
import { ProcSampler } from './load/sampler.js';
import { SCENARIO_ORDER, allScenarios } from './load/scenarios/index.js';
import { warmUp, workersComparison } from './load/workers.js';
import type { BenchReport, Outcome, RssOverRun, ScenarioResults, TargetStatus } from './load/results.js';
import { renderMarkdown, writeReport } from './load/report.js';
import { isLode, selectSpecs, type PeersApi, startTargets, stopTargets, targetSpecs } from './load/targets.js';

const runStartMs = performance.now();
/** Progress on stderr, each line stamped with the time since the start (mm:ss). */
const log = (line: string): void => {
  const seconds = Math.floor((performance.now() - runStartMs) / 1000);
  process.stderr.write(`[${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${line}\n`);
};

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function section<T>(options: BenchOptions, name: string, fn: () => Promise<T>): Promise<Outcome<T>> {
  if (!wanted(options, name)) return { ok: false, skipped: true, reason: 'not selected (--only)' };
  log(`${name} …`);
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    log(`${name} failed: ${reasonOf(err)}`);
    return { ok: false, reason: reasonOf(err) };
  }
}

function rssOverRun(target: string, rssBytes: readonly number[], anonBytes: readonly number[], intervalSeconds: number): RssOverRun {
  const toMiB = (samples: readonly number[]): number[] => samples.map((b) => b / MiB);
  const rss = toMiB(rssBytes);
  const anon = toMiB(anonBytes);
  const tenth = Math.max(1, Math.floor(rss.length / 10));
  return {
    target,
    intervalSeconds,
    samplesMiB: rss.map((v) => Math.round(v)),
    firstBaselineMiB: Math.min(...rss.slice(0, tenth)),
    lastBaselineMiB: Math.min(...rss.slice(-tenth)),
    peakMiB: Math.max(...rss),
    anonSamplesMiB: anon.map((v) => Math.round(v)),
    firstAnonBaselineMiB: Math.min(...anon.slice(0, tenth)),
    lastAnonBaselineMiB: Math.min(...anon.slice(-tenth)),
    peakAnonMiB: Math.max(...anon),
    durationSeconds: rss.length * intervalSeconds,
  };
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const options = parseOptions(argv);
  const known = [...SCENARIO_ORDER, ...SECTIONS];
  const unknown = options.only.filter((n) => !(known as readonly string[]).includes(n));
  if (unknown.length > 0) throw new UsageError(`--only: unknown ${unknown.join(', ')} (known: ${known.join(' ')})`);
  const startedAt = new Date();
  const scale = scaleFor(options.quick);
  const peers: PeersApi = peerModule;

  // Sections that want a quiet machine come before any server starts.
  const codec = await section(options, 'codec', () => codecFigures(options.quick));
  const drive = await section(options, 'drive', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lode-bench-drive-'));
    try {
      return await peers.measureDriveWriteRate(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  const million = await section(options, 'million-keys', () => millionKeys(scale.millionKeys));

  const scenarios = allScenarios().filter((s) => wanted(options, s.name));
  // Which targets the selected parts need: every one for scenarios and the memory check, lode-1d for the workers comparison.
  let specs = selectSpecs(targetSpecs(peers, options.workers), options.targets);
  if (scenarios.length === 0 && !wanted(options, 'rss-1g'))
    specs = wanted(options, 'scaling') ? specs.filter((t) => t.name === 'lode-1d') : [];
  const payload = new Payload();
  const { started, failed } = await startTargets(specs, log);
  const contexts = started.map((s) => createContext(s.name, s.target, payload, scale, options.verify));
  const stopAll = async (): Promise<void> => {
    await Promise.all(contexts.map((c) => c.client.close().catch(() => undefined)));
    await stopTargets(started, log);
  };
  const onSignal = (): void => {
    log('interrupted: stopping the targets');
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const timelines = contexts
    .filter((c) => isLode(c.name))
    .map((c) => ({ name: c.name, sampler: new ProcSampler(() => c.target.pids(), 1000) }));
  const scenarioResults: ScenarioResults[] = [];
  const bigObjects: BenchReport['bigObjects'] = [];
  let scaling: Outcome<ScenarioResults[]> = { ok: false, skipped: true, reason: 'not selected' };
  const rss: RssOverRun[] = [];
  try {
    for (const t of timelines) await t.sampler.start();
    if (scenarios.length > 0) await warmUp(contexts, scale, log);
    for (const scenario of scenarios) {
      log(`${scenario.name}: ${scenario.description}`);
      const results = await runScenario(scenario, contexts, options.rounds, log);
      scenarioResults.push({ name: scenario.name, description: scenario.description, headline: scenario.headline, results });
    }
    if (wanted(options, 'rss-1g')) {
      for (const ctx of contexts.filter((c) => c.target.kind === 's3')) {
        log(`rss-1g on ${ctx.name}: 4 concurrent PUTs of ${scale.rssObjectBytes / MiB} MiB, then GETs`);
        try {
          bigObjects.push({ target: ctx.name, outcome: { ok: true, value: await measureBigObjects(ctx) } });
        } catch (err) {
          bigObjects.push({ target: ctx.name, outcome: { ok: false, reason: reasonOf(err) } });
        }
      }
    }
    for (const t of timelines) {
      const usage = await t.sampler.stop();
      rss.push(rssOverRun(t.name, usage.rssTimeline, usage.anonTimeline, 1));
    }
    const lode1d = contexts.find((c) => c.name === 'lode-1d');
    if (lode1d !== undefined || options.only.includes('scaling')) {
      scaling = await section(options, 'scaling', () =>
        workersComparison({ peers, base: lode1d, baseIsWarm: scenarios.length > 0, options, payload, scale, log }),
      );
    }
  } finally {
    await Promise.all(timelines.map((t) => t.sampler.stop()));
    await stopAll();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const finishedAt = new Date();
  const targets: TargetStatus[] = [
    ...contexts.map((c) => ({ name: c.name, started: true, endpoint: c.target.endpoint, kind: c.target.kind, notes: c.notes })),
    ...failed.map((f) => ({ name: f.name, started: false, reason: f.reason, notes: [] })),
  ];
  const partial: Omit<BenchReport, 'figures'> = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown CPU',
      cores: cpus().length,
      memoryGiB: totalmem() / 1024 ** 3,
      node: process.version,
      platform: `${type()} ${release()}`,
    },
    options: {
      quick: options.quick,
      rounds: options.rounds,
      verify: options.verify,
      workers: options.workers,
      only: options.only,
      targets: options.targets,
    },
    targets,
    drive,
    codec,
    millionKeys: million,
    scenarios: scenarioResults,
    bigObjects,
    scaling,
    rssOverRun: rss,
  };
  const report: BenchReport = { ...partial, figures: evaluateFigures(partial) };
  const markdown = renderMarkdown(report);
  process.stdout.write(`${markdown}\n`);
  const files = await writeReport(options.resultsDir, report, markdown);
  log(`wrote ${files.join(', ')}`);
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`bench: ${err.message}\n\n${HELP}`);
    process.exitCode = 2;
  } else throw err;
}
