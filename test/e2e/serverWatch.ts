// Watches a test server's output for the signs of a crash: a worker that
// exited, an uncaught exception, an unhandled rejection or an 'error' event
// nobody listened to. A test during which any of these happened has failed,
// whatever its own assertions said (the harness checks after every test and
// when a server stops), and every server's output is also kept for the
// whole-run check that scripts/run-tests.mjs makes after `npm test`.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Lines that mean a process of the server died or nearly did. */
export const CRASH_PATTERNS: readonly RegExp[] = [
  /lode: worker \d+ (exited|did not|stopped answering)/,
  /Uncaught/,
  /Unhandled 'error' event/,
  /unhandledRejection|Unhandled promise rejection|ERR_UNHANDLED_REJECTION/i,
  /uncaughtException/,
  /FATAL ERROR/,
];

export function crashLines(output: string): string[] {
  return output.split('\n').filter((line) => CRASH_PATTERNS.some((p) => p.test(line)));
}

export class ServerWatch {
  private checkedUpTo = 0;

  constructor(
    private readonly output: () => string,
    /** Tests that kill workers on purpose say so; their servers' deaths are not failures. */
    readonly deathsExpected: boolean,
  ) {}

  /** Crash lines printed since the last check (all of them when deaths are expected: for the test to inspect). */
  newCrashes(): string[] {
    const out = this.output();
    const fresh = out.slice(this.checkedUpTo);
    this.checkedUpTo = out.length;
    return crashLines(fresh);
  }

  /** Throws if the server crashed since the last check. */
  assertHealthy(when: string): void {
    const crashes = this.newCrashes();
    if (this.deathsExpected || crashes.length === 0) return;
    throw new Error(
      `the server crashed ${when}:\n${crashes.slice(0, 10).join('\n')}\n--- server output ---\n${this.output().slice(-6000)}`,
    );
  }
}

/**
 * Keeps a finished server's output where the whole-run check finds it
 * (LODE_TEST_LOG_DIR, set by scripts/run-tests.mjs). Servers whose workers
 * die on purpose are kept under a name the check skips.
 */
export function keepServerLog(pid: number, output: string, deathsExpected: boolean): void {
  const dir = process.env.LODE_TEST_LOG_DIR;
  if (dir === undefined || dir === '') return;
  mkdirSync(dir, { recursive: true });
  const name = `server-${process.pid}-${pid}${deathsExpected ? '.deaths-expected' : ''}.log`;
  appendFileSync(join(dir, name), `# test file: ${process.argv[1] ?? '?'}\n${output}`);
}
