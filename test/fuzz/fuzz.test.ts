// The fuzzer in CI, bounded: a fixed seed (1) and one random seed, printed so
// a failure can be replayed with `npm run fuzz -- --seed N --drives D`, on
// 1 drive and on a 4-drive erasure set. Any finding fails the test.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomSeed } from './prng.js';
import { formatResult } from './report.js';
import { runFuzz } from './runner.js';

const SECONDS_PER_RUN = 15;
const REQUESTS_PER_RUN = 3000;
const random = Number(process.env['LODE_FUZZ_SEED'] ?? randomSeed());

describe('fuzz: correctly signed, mutated requests never get a 5xx (but 501/503), a hang or a worker exit', () => {
  for (const seed of [1, random]) {
    for (const drives of [1, 4]) {
      it(`seed ${seed}, ${drives} drive(s)`, { timeout: 120_000 }, async (t) => {
        const result = await runFuzz({
          seed,
          drives,
          maxRequests: REQUESTS_PER_RUN,
          maxSeconds: SECONDS_PER_RUN,
          concurrency: 4,
          deadlineMs: 10_000,
          largeAborts: true,
        });
        const report = formatResult(result);
        t.diagnostic(report.split('\n').slice(0, 3).join(' | '));
        // A run that sent almost nothing proves nothing.
        assert.ok(result.sent >= 100, `only ${result.sent} requests were sent\n${report}`);
        assert.deepEqual(
          result.findings.map((f) => `${f.kind} #${f.index}`),
          [],
          report,
        );
      });
    }
  }
});
