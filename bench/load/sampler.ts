// Server-side resource use, read from /proc: resident memory (VmRSS, summed
// over every server process; and RssAnon, the part that is the processes' own
// heap and buffers rather than mapped files: an LMDB index mapped by every
// worker shows in each one's VmRSS) and CPU time (utime + stime). Sampled every
// 100 ms during a measured run; CPU is the per-process increase between the
// first and the last time each process was seen, so processes that come and
// go (workers, Ceph daemons) are all counted.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}
const TICKS_PER_SECOND = clockTicksPerSecond();

interface ProcSample {
  rssBytes: number;
  anonBytes: number;
  cpuSeconds: number;
}

async function readProc(pid: number): Promise<ProcSample | undefined> {
  try {
    const [status, stat] = await Promise.all([readFile(`/proc/${pid}/status`, 'utf8'), readFile(`/proc/${pid}/stat`, 'utf8')]);
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    const anonKb = Number(/^RssAnon:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    return { rssBytes: rssKb * 1024, anonBytes: anonKb * 1024, cpuSeconds: ticks / TICKS_PER_SECOND };
  } catch {
    return undefined; // the process is gone
  }
}

export interface Usage {
  /** Highest sum of RSS over the processes seen at one sampling instant. */
  peakRssBytes: number;
  /** Highest sum of RssAnon (memory not backed by files) at one sampling instant. */
  peakAnonBytes: number;
  /** CPU seconds the processes used between start() and stop(). */
  cpuSeconds: number;
  /** Sum of RSS at each sampling instant, in order. */
  rssTimeline: number[];
  anonTimeline: number[];
}

export class ProcSampler {
  private readonly firstCpu = new Map<number, number>();
  private readonly lastCpu = new Map<number, number>();
  private peakRssBytes = 0;
  private peakAnonBytes = 0;
  private readonly rssTimeline: number[] = [];
  private readonly anonTimeline: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly pids: () => number[],
    private readonly intervalMs = 100,
  ) {}

  async start(): Promise<void> {
    await this.sample();
    this.timer = setInterval(() => {
      // One sample at a time: a slow /proc read is skipped over, never queued.
      this.inFlight = this.inFlight.then(() => this.sample());
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<Usage> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
    await this.sample();
    let cpuSeconds = 0;
    for (const [pid, first] of this.firstCpu) cpuSeconds += (this.lastCpu.get(pid) ?? first) - first;
    return {
      peakRssBytes: this.peakRssBytes,
      peakAnonBytes: this.peakAnonBytes,
      cpuSeconds,
      rssTimeline: this.rssTimeline,
      anonTimeline: this.anonTimeline,
    };
  }

  private async sample(): Promise<void> {
    let pids: number[];
    try {
      pids = this.pids();
    } catch {
      return;
    }
    const samples = await Promise.all(pids.map(async (pid) => [pid, await readProc(pid)] as const));
    let rss = 0;
    let anon = 0;
    for (const [pid, s] of samples) {
      if (s === undefined) continue;
      rss += s.rssBytes;
      anon += s.anonBytes;
      if (!this.firstCpu.has(pid)) this.firstCpu.set(pid, s.cpuSeconds);
      this.lastCpu.set(pid, s.cpuSeconds);
    }
    this.peakRssBytes = Math.max(this.peakRssBytes, rss);
    this.peakAnonBytes = Math.max(this.peakAnonBytes, anon);
    this.rssTimeline.push(rss);
    this.anonTimeline.push(anon);
  }
}

/** CPU seconds this (client) process has used so far. */
export function clientCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
