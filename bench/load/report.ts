// Renders a run as Markdown and writes latest.md, latest.json and timestamped
// copies. Tables show medians over rounds; ratios are Lode ÷ peer (or limit)
// on the scenario's headline figure.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LODE_TARGETS } from './figures.js';
import type { RunMetrics } from './measure.js';
import { MiB } from './payload.js';
import type { BenchReport, Outcome, ScenarioResults } from './results.js';

function num(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ms(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
}

function headline(s: ScenarioResults, m: RunMetrics): number {
  return s.headline === 'mib' ? m.mibPerSecond : s.headline === 'items' ? m.itemsPerSecond : m.opsPerSecond;
}

function unit(s: ScenarioResults): string {
  return s.headline === 'mib' ? 'MiB/s' : s.headline === 'items' ? 'keys/s' : 'ops/s';
}

function resultsTable(scenarios: readonly ScenarioResults[]): string[] {
  const lines = [
    '| scenario | target | ops/s | MiB/s | p50 ms | p99 ms | errors | server peak RSS MiB (anon) | server CPU s/GiB | client cores |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of scenarios) {
    for (const r of s.results) {
      const m = r.summary;
      if (m === undefined) {
        lines.push(`| ${s.name} | ${r.target} | failed: ${(r.failure ?? '').replace(/\|/g, '/').slice(0, 160)} | | | | | | | |`);
        continue;
      }
      const ops = s.headline === 'items' ? `${num(m.opsPerSecond)} (${num(m.itemsPerSecond)} keys/s)` : num(m.opsPerSecond);
      lines.push(
        `| ${s.name} | ${r.target} | ${ops} | ${num(m.mibPerSecond, 1)} | ${ms(m.p50Ms)} | ${ms(m.p99Ms)} | ${m.errors} | ${num(m.peakRssBytes / MiB)} (${num(m.peakAnonBytes / MiB)}) | ${num(m.cpuSecondsPerGiB, 2)} | ${num(m.clientCores, 2)} |`,
      );
    }
  }
  return lines;
}

function ratio(mine: number, theirs: RunMetrics | undefined, s: ScenarioResults): string {
  if (theirs === undefined) return '—';
  const value = headline(s, theirs);
  if (!(value > 0)) return `— (${num(value)})`;
  return `${(mine / value).toFixed(2)}×${theirs.errors > 0 ? ' (peer errors)' : ''}`;
}

function ratiosTable(report: BenchReport): string[] {
  const peers = report.targets.filter((t) => !t.name.startsWith('lode-')).map((t) => t.name);
  const drive = report.drive.ok ? report.drive.value.mibPerSecond : Number.NaN;
  const lines = [
    `| scenario | figure | Lode | value |${peers.map((p) => ` ÷ ${p} |`).join('')} ÷ drive |`,
    `|---|---|---|---:|${peers.map(() => '---:|').join('')}---:|`,
  ];
  for (const s of report.scenarios) {
    for (const lode of LODE_TARGETS) {
      const mine = s.results.find((r) => r.target === lode)?.summary;
      if (mine === undefined) continue;
      const value = headline(s, mine);
      const cells = peers.map((p) => ratio(value, s.results.find((r) => r.target === p)?.summary, s));
      const large = s.name === 'put-64m' || s.name === 'put-1m' || s.name === 'multipart-1g';
      const limit = large && Number.isFinite(drive) ? `${(mine.mibPerSecond / drive).toFixed(2)}×` : '—';
      lines.push(
        `| ${s.name} | ${unit(s)} | ${lode} | ${num(value, s.headline === 'mib' ? 1 : 0)}${mine.errors > 0 ? ` (${mine.errors} errors)` : ''} |${cells.map((c) => ` ${c} |`).join('')} ${limit} |`,
      );
    }
  }
  return lines;
}

function figuresTable(report: BenchReport): string[] {
  const lines = [`| goal | ${LODE_TARGETS.join(' | ')} |`, `|---|${LODE_TARGETS.map(() => '---|').join('')}`];
  for (const f of report.figures) {
    const cells = LODE_TARGETS.map((t) => {
      const c = f.cells[t];
      if (c === undefined) return '—';
      const mark = c.status === 'met' ? '**met**' : c.status === 'missed' ? '**MISSED**' : 'n/a';
      return `${c.value} ${mark}${c.note !== undefined ? ` (${c.note})` : ''}`;
    });
    lines.push(`| ${f.goal} | ${cells.join(' | ')} |`);
  }
  return lines;
}

function outcomeText<T>(o: Outcome<T>, ok: (v: T) => string): string {
  return o.ok ? ok(o.value) : 'skipped' in o ? `skipped (${o.reason})` : `failed: ${o.reason}`;
}

export function renderMarkdown(report: BenchReport): string {
  const out: string[] = [];
  const o = report.options;
  out.push(`# Lode benchmark, ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC`, '');
  out.push(
    `${report.machine.cpu}, ${report.machine.cores} cores, ${num(report.machine.memoryGiB)} GiB RAM, Node ${report.machine.node}, ${report.machine.platform}.`,
  );
  out.push(
    `${o.quick ? '**--quick (smoke test: short runs, small data sets; not figures to quote)**, ' : ''}${o.rounds} round(s) per scenario, targets alternating; medians over rounds. Lode with ${o.workers} worker(s). ${o.verify ? 'Every body MD5-checked and every ETag compared (--verify: the client spends CPU on it).' : 'Byte counts and statuses checked on every request (bodies MD5-checked only with --verify).'} Run took ${(report.durationSeconds / 60).toFixed(1)} min.`,
    '',
  );
  out.push('Targets:', '');
  for (const t of report.targets)
    out.push(
      `- **${t.name}**: ${t.started ? `${t.kind ?? ''} at ${t.endpoint ?? ''}` : `did not start: ${t.reason ?? ''}`}${t.notes.map((n) => `; ${n}`).join('')}`,
    );
  out.push('', '## Figures', '', ...figuresTable(report), '');
  out.push(`## Results (medians of ${o.rounds} round(s))`, '', ...resultsTable(report.scenarios), '');
  out.push(
    "Server RSS: VmRSS summed over the server's processes, highest 100 ms sample; in parentheses RssAnon, the part not backed by files (heap, buffers). The rest is mapped files, e.g. an LMDB index mapped by every worker and counted once per process. Server CPU: utime + stime of those processes per GiB of bodies moved. Client cores: CPU the load generator itself used.",
    '',
  );
  out.push(
    "## Ratios (Lode ÷ peer on the scenario's figure; nginx is the limit for reads, the drive's fsynced write rate for large writes)",
    '',
    ...ratiosTable(report),
    '',
  );
  out.push('## Limits and engine figures', '');
  out.push(
    `- Drive, durable write rate (the PUT limit): ${outcomeText(report.drive, (d) => `${num(d.mibPerSecond)} MiB/s (${d.method})`)}`,
  );
  out.push(
    `- Listing a bucket of many keys, engine in process (1 drive): ${outcomeText(report.millionKeys, (m) => `${num(m.keys)} keys loaded at ${num(m.loadKeysPerSecond)} keys/s; first page under a prefix ${ms(m.firstPageUnderPrefixMs)} ms (with delimiter ${ms(m.firstPageUnderPrefixDelimiterMs)} ms; top-level page of 1000 common prefixes ${ms(m.topLevelDelimiterPageMs)} ms); full walk ${num(m.walkKeysPerSecond)} keys/s over ${num(m.walkedKeys)} keys`)}`,
  );
  out.push('', '### Memory under 4 concurrent large PUTs, then GETs', '');
  out.push(
    '| target | object | PUT MiB/s | PUT peak RSS MiB (anon) | GET MiB/s | GET peak RSS MiB (anon) | errors |',
    '|---|---:|---:|---:|---:|---:|---|',
  );
  for (const b of report.bigObjects) {
    if (!b.outcome.ok) {
      out.push(`| ${b.target} | failed: ${b.outcome.reason} | | | | | |`);
      continue;
    }
    const v = b.outcome.value;
    const errors = v.put.errors + v.get.errors;
    out.push(
      `| ${b.target} | ${num(v.objectBytes / MiB)} MiB | ${num(v.put.mibPerSecond)} | ${num(v.put.peakRssBytes / MiB)} (${num(v.put.peakAnonBytes / MiB)}) | ${num(v.get.mibPerSecond)} | ${num(v.get.peakRssBytes / MiB)} (${num(v.get.peakAnonBytes / MiB)}) | ${errors === 0 ? '0' : `${errors}: ${v.put.firstError ?? v.get.firstError ?? ''}`} |`,
    );
  }
  if (report.rssOverRun.length > 0) {
    out.push(
      '',
      '### Server RSS over the run (sampled every second; anon in parentheses)',
      '',
      '| target | lowest, first tenth | lowest, last tenth | peak | duration |',
      '|---|---:|---:|---:|---:|',
    );
    const pair = (rss: number, anon: number): string => `${num(rss)} (${num(anon)}) MiB`;
    for (const r of report.rssOverRun) {
      out.push(
        `| ${r.target} | ${pair(r.firstBaselineMiB, r.firstAnonBaselineMiB)} | ${pair(r.lastBaselineMiB, r.lastAnonBaselineMiB)} | ${pair(r.peakMiB, r.peakAnonMiB)} | ${(r.durationSeconds / 60).toFixed(1)} min |`,
      );
    }
  }
  if (report.scaling.ok) {
    out.push('', `### Workers: Lode on 1 drive with ${o.workers} workers against 1 worker`, '', ...resultsTable(report.scaling.value));
  } else {
    out.push('', `### Workers: ${'skipped' in report.scaling ? 'skipped' : 'failed'} (${report.scaling.reason})`);
  }
  out.push('', '### Erasure codec (bench/codec.ts)', '');
  out.push(report.codec.ok ? report.codec.value : `${'skipped' in report.codec ? 'skipped' : 'failed'}: ${report.codec.reason}`);
  const errors = [...report.scenarios, ...(report.scaling.ok ? report.scaling.value : [])].flatMap((s) =>
    s.results.filter((r) => r.firstErrors.length > 0).map((r) => `- ${s.name} on ${r.target}: ${r.firstErrors.slice(0, 3).join('; ')}`),
  );
  if (errors.length > 0) out.push('', '## Errors (first few per scenario and target)', '', ...errors);
  out.push('', '## Scenarios', '', ...report.scenarios.map((s) => `- **${s.name}**: ${s.description}`), '');
  out.push('Reproduce: `npm run bench` (add `--quick` for a smoke test; `--help` for options).', '');
  return out.join('\n');
}

export async function writeReport(dir: string, report: BenchReport, markdown: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-').slice(0, 19);
  const json = `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
  const files = [join(dir, 'latest.md'), join(dir, 'latest.json'), join(dir, `${stamp}.md`), join(dir, `${stamp}.json`)];
  await Promise.all([
    writeFile(files[0] ?? '', markdown),
    writeFile(files[1] ?? '', json),
    writeFile(files[2] ?? '', markdown),
    writeFile(files[3] ?? '', json),
  ]);
  return files;
}
