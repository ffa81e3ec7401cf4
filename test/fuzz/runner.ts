// One fuzzing run: start the real server (1 drive or an N-drive erasure set),
// seed it, send generated requests with a few in flight, and judge every
// answer. Findings: a 5xx other than 501/503, a request with no answer by its
// deadline (a hang), and a worker or server that exits or logs an uncaught
// error. Bounded by a request count and by time, whichever comes first.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../e2e/harness.js';
import { generate } from './generate.js';
import { Rng } from './prng.js';
import { describeRequest, type FuzzRequest } from './request.js';
import { send, type Outcome } from './send.js';
import { toWire } from './wire.js';
import { seedWorld } from './world.js';

export interface FuzzOptions {
  seed: number;
  drives: number;
  maxRequests: number;
  maxSeconds: number;
  concurrency: number;
  deadlineMs: number;
  largeAborts: boolean;
  /** Called with one line per request (index, operation, mutations, answer): --trace. */
  trace?: (line: string) => void;
}

export interface Finding {
  kind: 'status' | 'hang' | 'crash' | 'unresponsive';
  /** Index of the request in this run's sequence (replay: same seed, drives and bounds). */
  index: number;
  request: string;
  op: string;
  mutations: string[];
  headerLines: string[];
  bodyPreview: string;
  status?: number;
  response?: string;
  log: string;
}

export interface FuzzResult {
  options: FuzzOptions;
  sent: number;
  elapsedMs: number;
  histogram: Map<string, number>;
  findings: Finding[];
  /** Answers cut after their headers (not failures, worth a look). */
  cutResponses: string[];
}

const CRASH = /exited \(|Uncaught|Unhandled|unhandled 'error' event|FATAL ERROR|Assertion failed/i;
const PREVIEW_BYTES = 300;

function preview(body: Buffer): string {
  return (
    JSON.stringify(body.subarray(0, PREVIEW_BYTES).toString('latin1')) + (body.length > PREVIEW_BYTES ? ` …(${body.length} bytes)` : '')
  );
}

async function start(drives: number): Promise<{ server: RunningServer; cleanup: () => Promise<void> }> {
  if (drives <= 1) {
    const server = await startServer();
    return { server, cleanup: () => server.dispose() };
  }
  const root = await mkdtemp(join(tmpdir(), 'lode-fuzz-'));
  const server = await startServer({ dataDir: join(root, `disk{1...${drives}}`) });
  return {
    server,
    cleanup: async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const { server, cleanup } = await start(options.drives);
  const histogram = new Map<string, number>();
  const findings: Finding[] = [];
  const cutResponses: string[] = [];
  const started = Date.now();
  let sent = 0;
  try {
    const s3 = server.client();
    const world = await seedWorld(s3).finally(() => s3.destroy());
    const main = new Rng(options.seed);
    const recent: Array<{ index: number; req: FuzzRequest }> = [];
    let next = 0;
    let scanned = server.output().length;
    let stopped = false;
    const count = (key: string): void => void histogram.set(key, (histogram.get(key) ?? 0) + 1);
    const scanForCrash = (index: number, req: FuzzRequest): void => {
      const out = server.output();
      const fresh = out.slice(scanned);
      scanned = out.length;
      const lines = fresh.split('\n').filter((l) => CRASH.test(l));
      if (lines.length === 0) return;
      findings.push({
        kind: 'crash',
        index,
        request: describeRequest(req),
        op: req.op,
        mutations: req.mutations,
        headerLines: [],
        bodyPreview: '',
        response: `requests in flight or just before: ${recent.map((r) => `#${r.index} ${r.req.op} [${r.req.mutations.join(', ')}] ${describeRequest(r.req).slice(0, 200)}`).join('\n    ')}`,
        log: fresh.slice(0, 4000),
      });
    };
    const logFor = (outcome: Outcome): string => {
      const id = outcome.headers?.['x-amz-request-id'];
      if (id === undefined) return '';
      return server
        .output()
        .split('\n')
        .filter((l) => l.includes(id))
        .join('\n')
        .slice(0, 4000);
    };
    const one = async (index: number, req: FuzzRequest): Promise<void> => {
      recent.push({ index, req });
      if (recent.length > options.concurrency * 3) recent.shift();
      const wire = await toWire(req, server.port);
      const outcome = await send({
        port: server.port,
        head: wire.head,
        body: wire.body,
        method: req.method,
        endAfterWrite: req.truncated || (typeof req.contentLength === 'number' && req.contentLength > wire.body.length),
        ...(req.hangUp !== undefined ? { hangUp: req.hangUp } : {}),
        deadlineMs: options.deadlineMs,
      });
      sent++;
      const key =
        outcome.kind === 'response'
          ? String(outcome.status)
          : outcome.kind === 'closed' && outcome.status !== undefined
            ? `${outcome.status}-cut`
            : outcome.kind;
      count(key);
      options.trace?.(
        `#${index} ${key} ${req.op} [${req.mutations.join(', ')}] ${describeRequest(req).slice(0, 160)}${outcome.kind === 'response' && outcome.status !== undefined && outcome.status >= 400 ? ` ${/<Code>([^<]+)/.exec(outcome.bodyPreview ?? '')?.[1] ?? ''}` : ''}`,
      );
      if (outcome.kind === 'closed' && outcome.status !== undefined && outcome.status < 300 && cutResponses.length < 20)
        cutResponses.push(
          `#${index} ${req.op} [${req.mutations.join(', ')}] ${describeRequest(req).slice(0, 200)} → ${outcome.status}, cut`,
        );
      const base = {
        index,
        request: describeRequest(req),
        op: req.op,
        mutations: req.mutations,
        headerLines: wire.headerLines,
        bodyPreview: req.chunked !== undefined ? preview(wire.body) : preview(req.body),
      };
      const status = outcome.status;
      if (outcome.kind === 'hang')
        findings.push({
          ...base,
          kind: 'hang',
          ...(status !== undefined ? { status } : {}),
          response: `no complete answer within ${options.deadlineMs} ms${status !== undefined ? ` (headers came: ${status})` : ''}`,
          log: logFor(outcome),
        });
      else if (status !== undefined && status >= 500 && status !== 501 && status !== 503)
        findings.push({ ...base, kind: 'status', status, response: outcome.bodyPreview ?? '', log: logFor(outcome) });
      scanForCrash(index, req);
      if (server.process.exitCode !== null || server.process.signalCode !== null) stopped = true;
    };
    const worker = async (): Promise<void> => {
      while (!stopped && next < options.maxRequests && Date.now() - started < options.maxSeconds * 1000) {
        const index = next++;
        await one(index, generate(main.int(0x7fffffff), world, { largeAborts: options.largeAborts }));
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
    // Hang-ups fail asynchronously on the server: give them a moment, then check it still answers.
    await new Promise((r) => setTimeout(r, 500));
    const last = recent.at(-1);
    if (last !== undefined) scanForCrash(last.index, last.req);
    await checkAlive(server, options.deadlineMs, findings, next);
  } finally {
    await cleanup();
  }
  return { options, sent, elapsedMs: Date.now() - started, histogram, findings, cutResponses };
}

async function checkAlive(server: RunningServer, deadlineMs: number, findings: Finding[], index: number): Promise<void> {
  const probe = async (): Promise<string | undefined> => {
    try {
      const res = await fetch(`${server.endpoint}/`, { signal: AbortSignal.timeout(deadlineMs) });
      await res.arrayBuffer();
      return res.status === 403 ? undefined : `status ${res.status}`;
    } catch (err) {
      return String(err);
    }
  };
  const problem = server.process.exitCode !== null || server.process.signalCode !== null ? 'the server exited' : await probe();
  if (problem !== undefined)
    findings.push({
      kind: 'unresponsive',
      index,
      request: 'GET / (anonymous probe after the run)',
      op: 'probe',
      mutations: [],
      headerLines: [],
      bodyPreview: '',
      response: problem,
      log: server.output().slice(-4000),
    });
}
