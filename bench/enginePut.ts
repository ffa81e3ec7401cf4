// What a small PUT costs the storage engine alone (no HTTP, no signing):
// CPU per 4 KiB PUT and index commits per PUT, on 1 drive and on 8
// erasure-coded drives, with the store shared by one or two processes (as
// with --workers 1 and 2). Profile it with `node --cpu-prof`, or count
// instructions with `valgrind --tool=callgrind` (repeatable where timings on
// a shared 2-core machine are not).
//
//   npm run bench:engine                              // 8 drives; 1 and 2 processes
//   node dist-test/bench/enginePut.js --drives 1 --processes 2 --puts 20000 --keys 500
import { fork } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { open } from 'lmdb';
import { openStorage, prepareStorage, type ObjectStore, type StoragePlan } from '../src/storage/index.js';

const BODY_BYTES = 4096;
const IN_FLIGHT = 32;

interface Options {
  drives: number;
  processes: number[];
  puts: number;
  keys: number;
}

interface ChildReport {
  puts: number;
  cpuMicros: number;
  wallMs: number;
}

function parse(argv: readonly string[]): Options {
  const value = (name: string, fallback: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
  };
  const drives = Number(value('--drives', '8'));
  if (drives !== 1 && drives !== 8) throw new Error('--drives is 1 or 8');
  const processes = value('--processes', '1,2').split(',').map(Number);
  return { drives, processes, puts: Number(value('--puts', '20000')), keys: Number(value('--keys', '10000')) };
}

/** Where each drive of the store keeps its index (data dir for one drive). */
function indexPaths(base: string, drives: number): string[] {
  return drives === 1
    ? [join(base, 'd', '.lode', 'index')]
    : Array.from({ length: drives }, (_, i) => join(base, `d${i + 1}`, '.lode', 'index'));
}

async function openStore(plan: StoragePlan): Promise<ObjectStore> {
  return openStorage(plan, { onBackgroundError: () => undefined, log: () => undefined, runScanner: false, scanObjectsPerSecond: 0 });
}

async function prepare(base: string, drives: number): Promise<StoragePlan> {
  const paths = drives === 1 ? [join(base, 'd')] : Array.from({ length: drives }, (_, i) => join(base, `d${i + 1}`));
  for (const p of paths) mkdirSync(p, { recursive: true });
  return prepareStorage(paths);
}

function lastTxnId(path: string): number {
  const env = open({ path, maxDbs: 16, readOnly: true });
  const id = (env.getStats() as { lastTxnId: number }).lastTxnId;
  void env.close();
  return id;
}

async function runOnce(options: Options, processes: number): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'lode-engine-put-'));
  try {
    const plan = await prepare(base, options.drives);
    const store = await openStore(plan);
    await store.createBucket({ bucket: 'bench', region: 'us-east-1' }, new AbortController().signal);
    await store.close();
    const txnsBefore = lastTxnId(indexPaths(base, options.drives)[0]!);
    const reports = await Promise.all(
      Array.from(
        { length: processes },
        (_, id) =>
          new Promise<ChildReport>((resolve, reject) => {
            const child = fork(fileURLToPath(import.meta.url), ['--child'], {
              env: { ...process.env, ENGINE_PUT: JSON.stringify({ base, plan, id, processes, puts: options.puts, keys: options.keys }) },
            });
            child.once('message', (m) => resolve(m as ChildReport));
            child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`child exited with ${code}`))));
          }),
      ),
    );
    const puts = reports.reduce((n, r) => n + r.puts, 0);
    const cpu = reports.reduce((n, r) => n + r.cpuMicros, 0);
    const wall = Math.max(...reports.map((r) => r.wallMs));
    const commits = lastTxnId(indexPaths(base, options.drives)[0]!) - txnsBefore;
    process.stdout.write(
      `${options.drives} drive(s), ${processes} process(es): ${Math.round((puts / wall) * 1000)} PUT/s, ${Math.round(cpu / puts)} µs CPU per PUT, ` +
        `${(puts / commits).toFixed(1)} PUTs per index commit (warm-up included)\n`,
    );
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

async function child(): Promise<void> {
  const setup = JSON.parse(process.env['ENGINE_PUT']!) as {
    base: string;
    plan: StoragePlan;
    id: number;
    processes: number;
    puts: number;
    keys: number;
  };
  const store = await openStore(setup.plan);
  const signal = new AbortController().signal;
  setMaxListeners(IN_FLIGHT * 4, signal); // every PUT in flight listens on it
  const body = randomBytes(BODY_BYTES);
  const md5 = createHash('md5').update(body).digest();
  const keys = Math.max(1, Math.floor(setup.keys / setup.processes));
  const put = (i: number): Promise<unknown> =>
    store.putObject(
      {
        bucket: 'bench',
        key: `p${setup.id}/k${i % keys}`,
        body: Readable.from([body]),
        digests: () => ({ md5, sizeBytes: BODY_BYTES }),
        sizeBytes: BODY_BYTES,
        metadata: { userMetadata: {} },
      },
      signal,
    );
  const run = async (n: number): Promise<void> => {
    let next = 0;
    const lanes = Math.ceil(IN_FLIGHT / setup.processes);
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < n) await put(next++);
      }),
    );
  };
  await run(Math.min(2000, setup.puts)); // warm-up: JIT, index pages
  const puts = Math.floor(setup.puts / setup.processes);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await run(puts);
  const used = process.cpuUsage(cpu);
  process.send!({ puts, cpuMicros: used.user + used.system, wallMs: performance.now() - started } satisfies ChildReport);
  await store.close();
  process.exit(0);
}

if (process.argv.includes('--child')) {
  await child();
} else {
  const options = parse(process.argv.slice(2));
  for (const processes of options.processes) await runOnce(options, processes);
}
