// Command-line options of `npm run bench` (node dist-test/bench/run.js [options]).
import { cpus } from 'node:os';

export interface BenchOptions {
  /** Short runs and small data sets: a smoke test of the whole pipeline, not figures to quote. */
  quick: boolean;
  /** Measured rounds per (scenario, target); targets alternate A B A B within each round. */
  rounds: number;
  /** Scenario and section names to run (empty: all). */
  only: string[];
  /** Target names or prefixes to run against (empty: all). */
  targets: string[];
  /** Hash every body read back (MD5) and compare ETags of writes. */
  verify: boolean;
  /** Worker processes for Lode (default: the core count). */
  workers: number;
  /** Where latest.md, latest.json and the timestamped copies go. */
  resultsDir: string;
}

export const HELP = `Usage: npm run bench -- [options]

  --quick            short runs, small data sets (a smoke test, about 2-4 minutes)
  --rounds N         measured rounds per scenario and target, alternating targets (default 3; 1 with --quick)
  --only A,B         only these scenarios or sections (see the list below)
  --targets A,B      only these targets, by name or prefix: lode-1d, lode-8d, ceph-rgw, nginx, s3rver, base-1d, base-8d ("lode" = both Lode; base-* run with LODE_BENCH_BASELINE=<an earlier checkout, built>)
  --verify           MD5 every body read and compare the ETag of every write
  --workers N        Lode worker processes (default: the core count)
  --results DIR      where to write latest.md/latest.json (default bench/results)

Scenarios: put-4k get-4k head-4k put-1m get-1m put-64m get-64m multipart-1g
           list list-delimiter delete-4k mixed-4k
Sections:  codec drive million-keys rss-1g scaling
`;

/** Parts of a run besides the scenarios, selectable with --only. */
export const SECTIONS = ['codec', 'drive', 'million-keys', 'rss-1g', 'scaling'] as const;

export class UsageError extends Error {}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} needs a positive integer, not ${value ?? 'nothing'}`);
  return n;
}

function list(flag: string, value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} needs a comma-separated list`);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  let quick = false;
  let rounds: number | undefined;
  let only: string[] = [];
  let targets: string[] = [];
  let verify = false;
  let workers = cpus().length;
  let resultsDir = 'bench/results';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg !== undefined && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--quick':
        quick = true;
        break;
      case '--verify':
        verify = true;
        break;
      case '--rounds':
        rounds = positiveInt('--rounds', value());
        break;
      case '--only':
        only = list('--only', value());
        break;
      case '--targets':
        targets = list('--targets', value());
        break;
      case '--workers':
        workers = positiveInt('--workers', value());
        break;
      case '--results': {
        const dir = value();
        if (dir === undefined || dir === '') throw new UsageError('--results needs a directory');
        resultsDir = dir;
        break;
      }
      default:
        throw new UsageError(`unknown option ${arg ?? ''}`);
    }
  }
  return { quick, rounds: rounds ?? (quick ? 1 : 3), only, targets, verify, workers, resultsDir };
}

/** True when `name` (a scenario or a section) was asked for. */
export function wanted(options: BenchOptions, name: string): boolean {
  return options.only.length === 0 || options.only.includes(name);
}
