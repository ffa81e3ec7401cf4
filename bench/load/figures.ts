// The figures the issue sets, checked against a run: each is a ratio to a
// peer or a limit measured in the same run, or an absolute bound. A figure
// whose inputs are missing (a peer that did not start, a section not run) is
// "n/a" with the reason, never guessed.
import type { RunMetrics } from './measure.js';
import { MiB } from './payload.js';
import type { BenchReport, Figure } from './results.js';

type Cell = Figure['cells'][string];
type Report = Omit<BenchReport, 'figures'>;

export const LODE_TARGETS = ['lode-1d', 'lode-8d'] as const;
const MAX_SERVER_RSS_MIB = 300;

function summaryOf(report: Report, scenario: string, target: string, scaling = false): RunMetrics | undefined {
  const list = scaling ? (report.scaling.ok ? report.scaling.value : []) : report.scenarios;
  return list.find((s) => s.name === scenario)?.results.find((r) => r.target === target)?.summary;
}

function na(note: string): Cell {
  return { value: '—', status: 'n/a', note };
}

function judge(value: number, goal: number, text: string, atLeast = true): Cell {
  if (!Number.isFinite(value)) return na('no measurement');
  return { value: text, status: (atLeast ? value >= goal : value < goal) ? 'met' : 'missed' };
}

function withErrors(cell: Cell, ...metrics: (RunMetrics | undefined)[]): Cell {
  const errors = metrics.reduce((a, m) => a + (m?.errors ?? 0), 0);
  return errors > 0 ? { ...cell, note: `${errors} request errors in the runs` } : cell;
}

/** Lode's headline over a peer's, judged against `goal` (a ratio). */
function ratioToPeer(
  report: Report,
  scenario: string,
  field: 'opsPerSecond' | 'mibPerSecond',
  peer: string,
  goal: number,
  strictlyAbove = false,
): (lode: string) => Cell {
  return (lode) => {
    const mine = summaryOf(report, scenario, lode);
    const theirs = summaryOf(report, scenario, peer);
    if (mine === undefined) return na(`${scenario} did not run on ${lode}`);
    if (theirs === undefined) return na(`${scenario} did not run on ${peer}`);
    const ratio = mine[field] / theirs[field];
    const cell = strictlyAbove
      ? { value: `${ratio.toFixed(2)}×`, status: ratio > goal ? ('met' as const) : ('missed' as const) }
      : judge(ratio, goal, `${ratio.toFixed(2)}×`);
    return withErrors(cell, mine, theirs);
  };
}

export function evaluateFigures(report: Report): Figure[] {
  const figures: Figure[] = [];
  const add = (goal: string, cellFor: (lode: string) => Cell): void => {
    const cells: Record<string, Cell> = {};
    for (const lode of LODE_TARGETS) cells[lode] = cellFor(lode);
    figures.push({ goal, cells });
  };
  const drive = report.drive.ok ? report.drive.value.mibPerSecond : undefined;

  add('4 KiB GET ops/s ≥ 2× Ceph RGW', ratioToPeer(report, 'get-4k', 'opsPerSecond', 'ceph-rgw', 2));
  add('4 KiB GET ops/s ≥ 0.6× nginx', ratioToPeer(report, 'get-4k', 'opsPerSecond', 'nginx', 0.6));
  add('4 KiB PUT ops/s ≥ 2× Ceph RGW', ratioToPeer(report, 'put-4k', 'opsPerSecond', 'ceph-rgw', 2));
  add('64 MiB GET MiB/s ≥ 0.9× nginx', ratioToPeer(report, 'get-64m', 'mibPerSecond', 'nginx', 0.9));
  add('64 MiB GET MiB/s > Ceph RGW', ratioToPeer(report, 'get-64m', 'mibPerSecond', 'ceph-rgw', 1, true));
  add("64 MiB durable PUT MiB/s ≥ 0.8× the drive's fsynced write rate", (lode) => {
    const mine = summaryOf(report, 'put-64m', lode);
    if (mine === undefined) return na(`put-64m did not run on ${lode}`);
    if (drive === undefined) return na('the drive rate was not measured');
    const ratio = mine.mibPerSecond / drive;
    const cell = withErrors(judge(ratio, 0.8, `${ratio.toFixed(2)}× (${mine.mibPerSecond.toFixed(0)} of ${drive.toFixed(0)} MiB/s)`), mine);
    // Erasure coding writes data and parity to drives that share one disk here.
    return lode === 'lode-8d' ? { ...cell, note: 'data + parity share one physical disk on this machine' } : cell;
  });
  for (const scenario of ['list', 'list-delimiter']) {
    add(`${scenario === 'list' ? 'LIST' : 'LIST with delimiter'} ≥ 100,000 keys/s walked`, (lode) => {
      const mine = summaryOf(report, scenario, lode);
      if (mine === undefined) return na(`${scenario} did not run on ${lode}`);
      return withErrors(judge(mine.itemsPerSecond, 100_000, `${Math.round(mine.itemsPerSecond).toLocaleString('en-US')} keys/s`), mine);
    });
  }
  add('First page under a prefix, 1,000,000-key bucket < 10 ms (engine, 1 drive)', (lode) => {
    if (lode !== 'lode-1d') return na('measured on the 1-drive engine');
    if (!report.millionKeys.ok) return na(report.millionKeys.reason);
    const m = report.millionKeys.value;
    const cell = judge(m.firstPageUnderPrefixMs, 10, `${m.firstPageUnderPrefixMs.toFixed(2)} ms`, false);
    return m.keys < 1_000_000 ? { ...cell, note: `bucket of ${m.keys.toLocaleString('en-US')} keys only (--quick)` } : cell;
  });
  for (const phase of ['put', 'get'] as const) {
    add(
      `Server RSS < ${MAX_SERVER_RSS_MIB} MiB during 4 concurrent 1 GiB ${phase.toUpperCase()}s (anonymous part in parentheses)`,
      (lode) => {
        const entry = report.bigObjects.find((b) => b.target === lode);
        if (entry === undefined) return na('not run');
        if (!entry.outcome.ok) return na(entry.outcome.reason);
        const { objectBytes } = entry.outcome.value;
        const r = entry.outcome.value[phase];
        const cell = judge(
          r.peakRssBytes / MiB,
          MAX_SERVER_RSS_MIB,
          `${(r.peakRssBytes / MiB).toFixed(0)} MiB (${(r.peakAnonBytes / MiB).toFixed(0)})`,
          false,
        );
        const notes = [
          ...(cell.status === 'missed' && r.peakAnonBytes / MiB < MAX_SERVER_RSS_MIB
            ? [`anonymous memory alone is under ${MAX_SERVER_RSS_MIB} MiB`]
            : []),
          ...(r.errors > 0 ? [`${r.errors} errors: ${r.firstError ?? ''}`] : []),
          ...(objectBytes < 1024 * MiB ? [`${objectBytes / MiB} MiB objects (--quick)`] : []),
        ];
        return notes.length > 0 ? { ...cell, note: notes.join('; ') } : cell;
      },
    );
  }
  add(
    'Server RSS flat over the run: lowest RSS of the last tenth ≤ 1.2× that of the first tenth (anonymous part in parentheses)',
    (lode) => {
      const r = report.rssOverRun.find((x) => x.target === lode);
      if (r === undefined) return na('not sampled');
      const text = `${r.firstBaselineMiB.toFixed(0)} (${r.firstAnonBaselineMiB.toFixed(0)}) → ${r.lastBaselineMiB.toFixed(0)} (${r.lastAnonBaselineMiB.toFixed(0)}) MiB over ${(r.durationSeconds / 60).toFixed(1)} min`;
      const cell = judge(r.lastBaselineMiB / r.firstBaselineMiB, 1.2, text, false);
      if (r.durationSeconds < 600) return { value: text, status: 'n/a', note: 'run shorter than 10 minutes' };
      const anonFlat = r.lastAnonBaselineMiB <= 1.2 * r.firstAnonBaselineMiB;
      return cell.status === 'missed' && anonFlat ? { ...cell, note: 'anonymous memory alone is flat' } : cell;
    },
  );
  for (const [scenario, label] of [
    ['get-4k', '4 KiB GET'],
    ['put-4k', '4 KiB PUT'],
  ] as const) {
    add(
      `${label} with --workers = ${report.options.workers} ≥ 1.2× with 1 worker (where the client leaves room; ${report.machine.cores} cores)`,
      (lode) => {
        if (lode !== 'lode-1d') return na('measured on 1 drive');
        if (!report.scaling.ok) return na(report.scaling.reason);
        const many = summaryOf(report, scenario, 'lode-1d', true);
        const one = summaryOf(report, scenario, 'lode-1d-w1', true);
        if (many === undefined || one === undefined) return na('a scaling run failed');
        const ratio = many.opsPerSecond / one.opsPerSecond;
        return {
          ...withErrors(judge(ratio, 1.2, `${ratio.toFixed(2)}×`), many, one),
          note: `the client used ${many.clientCores.toFixed(2)} cores`,
        };
      },
    );
  }
  return figures;
}
