// npm run fuzz -- [--seed N]... [--requests N] [--seconds N] [--drives N]... [--concurrency N] [--no-large-aborts] [--trace]
// Without --seed, one random seed (printed); without --drives, 1 drive and then 4.
// Exits non-zero when any run has findings.
import { randomSeed } from './prng.js';
import { formatResult } from './report.js';
import { runFuzz } from './runner.js';

function parse(argv: string[]): {
  seeds: number[];
  drives: number[];
  requests: number;
  seconds: number;
  concurrency: number;
  largeAborts: boolean;
  trace: boolean;
} {
  const seeds: number[] = [];
  const drives: number[] = [];
  let requests = 5000;
  let seconds = 60;
  let concurrency = 4;
  let largeAborts = true;
  let trace = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
      return n;
    };
    if (flag === '--seed') seeds.push(value());
    else if (flag === '--drives') drives.push(value());
    else if (flag === '--requests') requests = value();
    else if (flag === '--seconds') seconds = value();
    else if (flag === '--concurrency') concurrency = Math.max(1, value());
    else if (flag === '--no-large-aborts') largeAborts = false;
    else if (flag === '--trace') trace = true;
    else
      throw new Error(
        `unknown flag ${flag}; usage: npm run fuzz -- [--seed N] [--requests N] [--seconds N] [--drives N] [--concurrency N] [--no-large-aborts] [--trace]`,
      );
  }
  return {
    seeds: seeds.length > 0 ? seeds : [randomSeed()],
    drives: drives.length > 0 ? drives : [1, 4],
    requests,
    seconds,
    concurrency,
    largeAborts,
    trace,
  };
}

const args = parse(process.argv.slice(2));
let failed = false;
for (const seed of args.seeds) {
  for (const drives of args.drives) {
    console.log(`fuzz: seed ${seed}, ${drives} drive(s), up to ${args.requests} requests or ${args.seconds} s`);
    const result = await runFuzz({
      seed,
      drives,
      maxRequests: args.requests,
      maxSeconds: args.seconds,
      concurrency: args.concurrency,
      deadlineMs: 10_000,
      largeAborts: args.largeAborts,
      ...(args.trace ? { trace: (line: string) => console.log(line) } : {}),
    });
    console.log(formatResult(result));
    if (result.findings.length > 0) failed = true;
  }
}
process.exit(failed ? 1 : 0);
