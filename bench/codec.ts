// Erasure codec throughput: GB/s of data bytes (stripe bytes, not data +
// parity) per core, single-threaded, warm, median of several runs, on 1 MiB
// stripes. Prints a Markdown table.
//
//   npm run bench:codec                  // default layouts
//   node dist-test/bench/codec.js 8+4 16+8    // chosen layouts
import { randomFillSync } from 'node:crypto';
import { cpus } from 'node:os';
import { createReedSolomon, initCodec, kernelVariant, shardSize } from '../src/storage/erasure/codec/index.js';

const STRIPE_BYTES = 1024 * 1024;
const RUNS = 9;
/** Each run lasts about this long, so timer resolution and one-off hiccups are noise. */
const RUN_MS = 150;

/** Calls `op` repeatedly; returns the median over RUNS of GB/s for `bytesPerOp` bytes per call. */
function measure(bytesPerOp: number, op: () => void): number {
  // Warm up: lets V8 tier the kernels up from its baseline compiler.
  const warmUntil = performance.now() + 300;
  let opsPerRun = 0;
  while (performance.now() < warmUntil) {
    op();
    opsPerRun++;
  }
  opsPerRun = Math.max(1, Math.round((opsPerRun * RUN_MS) / 300));
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    for (let i = 0; i < opsPerRun; i++) op();
    const seconds = (performance.now() - start) / 1000;
    rates.push((bytesPerOp * opsPerRun) / seconds / 1e9);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(RUNS / 2)]!;
}

function shards(count: number, bytes: number): Uint8Array[] {
  return Array.from({ length: count }, () => randomFillSync(new Uint8Array(bytes)));
}

interface Row {
  layout: string;
  encode: number;
  reconstructParityLost: number;
  reconstructOneLost: number;
  verify: number;
}

function benchLayout(k: number, m: number): Row {
  const rs = createReedSolomon(k, m);
  const size = shardSize(STRIPE_BYTES, k);
  const dataBytes = k * size;
  const data = shards(k, size);
  const parity = shards(m, size);
  const encode = measure(dataBytes, () => rs.encode(data, parity));

  // The worst case a read survives: `m` data shards lost, all rebuilt.
  const all = [...data, ...parity];
  const lostMany = all.map((s, i) => (i < m ? null : s));
  const outMany = all.map((_, i) => (i < m ? new Uint8Array(size) : null));
  const reconstructParityLost = measure(dataBytes, () => rs.reconstruct(lostMany, outMany));

  // The common degraded read: one data shard lost (rebuilt from parity 0 by XOR).
  const lostOne = all.map((s, i) => (i === 0 ? null : s));
  const outOne = all.map((_, i) => (i === 0 ? new Uint8Array(size) : null));
  const reconstructOneLost = measure(dataBytes, () => rs.reconstruct(lostOne, outOne));

  const verify = measure(dataBytes, () => {
    if (!rs.verify(all)) throw new Error('verify failed on freshly encoded shards');
  });
  return { layout: `${k}+${m}`, encode, reconstructParityLost, reconstructOneLost, verify };
}

function parseLayout(text: string): [number, number] {
  const match = /^(\d+)\+(\d+)$/.exec(text);
  if (match === null) throw new Error(`layout must look like 8+4, not ${text}`);
  return [Number(match[1]), Number(match[2])];
}

async function main(): Promise<void> {
  await initCodec();
  const args = process.argv.slice(2);
  const layouts =
    args.length > 0
      ? args.map(parseLayout)
      : ([
          [4, 2],
          [8, 4],
          [12, 4],
        ] as const);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Erasure codec, 1 MiB stripes, 1 thread; GB/s of data bytes (median of ${RUNS})`);
  console.log(`Node ${process.version}, kernel ${kernelVariant()}, ${cpu}\n`);
  console.log('| layout | encode | reconstruct, parity-count data shards lost | reconstruct, 1 data shard lost | verify |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [k, m] of layouts) {
    const row = benchLayout(k, m);
    const f = (n: number): string => n.toFixed(2);
    console.log(`| ${row.layout} | ${f(row.encode)} | ${f(row.reconstructParityLost)} | ${f(row.reconstructOneLost)} | ${f(row.verify)} |`);
  }
}

await main();
