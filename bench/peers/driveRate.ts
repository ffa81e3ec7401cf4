// The drive's own durable write rate: the limit for PUT, since every store
// here must have the bytes on the drive before it answers. dd writes through
// the page cache and ends with one fdatasync, as a store that fsyncs each
// object does. The median of five runs: a VM's disk is noisy (here one run in
// five or so is 3-5x slower than the rest, the first one most often).
import { randomBytes } from 'node:crypto';
import { rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './proc.js';
import type { DriveWriteRate } from './types.js';

const MiB = 1024 * 1024;
const BLOCK_MIB = 4;
const RUNS = 5;

export async function measureDriveWriteRate(dir: string): Promise<DriveWriteRate> {
  const fs = await statfs(dir);
  const freeMiB = (fs.bavail * fs.bsize) / MiB;
  // 1 GiB per run: past the disk's own write cache; less on a nearly full disk.
  const sizeMiB = Math.max(BLOCK_MIB, Math.min(1024, Math.floor(freeMiB / 4 / BLOCK_MIB) * BLOCK_MIB));
  const count = sizeMiB / BLOCK_MIB;
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const file = join(dir, `.lode-bench-ddtest-${randomBytes(6).toString('hex')}`);
    try {
      const { stderr } = await runCommand('dd', ['if=/dev/zero', `of=${file}`, `bs=${BLOCK_MIB}M`, `count=${count}`, 'conv=fdatasync'], {
        timeoutMs: 300_000,
        env: { ...process.env, LC_ALL: 'C' },
      });
      rates.push(parseDdRate(stderr));
    } finally {
      await rm(file, { force: true });
    }
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] ?? 0;
  return {
    mibPerSecond: median,
    method: `dd if=/dev/zero bs=${BLOCK_MIB}M count=${count} conv=fdatasync in ${dir}: median of ${RUNS} runs (${rates.map((r) => r.toFixed(0)).join(', ')} MiB/s)`,
  };
}

/** MiB/s from dd's summary line: "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 2.3 s, 467 MB/s". */
export function parseDdRate(stderr: string): number {
  const m = /(\d+) bytes .*copied, ([\d.,]+) s/.exec(stderr);
  if (m === null) throw new Error(`cannot read dd's result: ${stderr.trim().slice(-300)}`);
  const bytes = Number(m[1]);
  const seconds = Number((m[2] ?? '').replace(',', '.'));
  if (!(seconds > 0)) throw new Error(`dd reported ${seconds} s`);
  return bytes / MiB / seconds;
}
