// LIST: a bucket of `listKeys` empty objects laid out as directories of 1000
// (list/d0042/k000123), walked by pages of 1000 keys, one page at a time:
//  - list:           the whole prefix list/ without a delimiter;
//  - list-delimiter: list/ with delimiter '/' (the directories), then each
//                    directory with the delimiter, as a data loader does.
// The figure is keys (and common prefixes) walked per second.
import { LIST_BUCKET, ensureBucket, type TargetContext } from '../context.js';
import { runLoop, type Moved } from '../loop.js';
import type { Scenario } from './scenario.js';

const PAGE_KEYS = 1000;
const KEYS_PER_DIR = 1000;
const EMPTY = Buffer.alloc(0);
const LOAD_CONCURRENCY = 64;

function listKey(i: number): string {
  return `list/d${String(Math.floor(i / KEYS_PER_DIR)).padStart(4, '0')}/k${String(i).padStart(7, '0')}`;
}

/** Loads the LIST bucket once per target; a slow peer gets what fits in listLoadMs, and a note says so. */
async function loadListBucket(ctx: TargetContext): Promise<void> {
  const want = ctx.scale.listKeys;
  if (ctx.loaded.has('list')) return;
  await ensureBucket(ctx, LIST_BUCKET);
  const start = performance.now();
  const result = await runLoop(LOAD_CONCURRENCY, { durationMs: ctx.scale.listLoadMs, maxOps: want }, (_w, i) =>
    ctx.client.put(LIST_BUCKET, listKey(i), EMPTY, 0),
  );
  const seconds = (performance.now() - start) / 1000;
  if (result.errors > 0) throw new Error(`loading the LIST bucket: ${result.errors} errors (${result.firstErrors[0] ?? ''})`);
  ctx.loaded.set('list', result.ops);
  const rate = `${Math.round(result.ops / seconds)} PUT/s`;
  if (result.ops < want)
    ctx.notes.push(
      `LIST bucket only partly loaded: ${result.ops} of ${want} keys in ${seconds.toFixed(0)} s (${rate}); its LIST figures walk fewer keys`,
    );
  else ctx.notes.push(`LIST bucket: ${want} empty objects loaded in ${seconds.toFixed(1)} s (${rate}, ${LOAD_CONCURRENCY} in flight)`);
}

function budgets(): Pick<Scenario, 'budget' | 'warmup'> {
  return {
    budget: (ctx) => ({ durationMs: ctx.scale.runMs, maxOps: 100_000 }),
    warmup: (ctx) => ({ durationMs: ctx.scale.warmupMs, maxOps: 1_000 }),
  };
}

function flatWalk(): Scenario {
  return {
    name: 'list',
    description: `ListObjectsV2 of list/ by pages of ${PAGE_KEYS}, no delimiter, one page at a time (whole walks, repeated)`,
    kinds: ['s3'],
    headline: 'items',
    prepare: loadListBucket,
    run: (ctx, budget) => {
      let token: string | undefined;
      return runLoop(1, budget, async (): Promise<Moved> => {
        const q =
          token === undefined ? { prefix: 'list/', maxKeys: PAGE_KEYS } : { prefix: 'list/', maxKeys: PAGE_KEYS, continuationToken: token };
        const { page, bytes } = await ctx.client.list(LIST_BUCKET, q);
        token = page.truncated ? page.nextToken : undefined;
        return { bytes, items: page.keys + page.prefixes.length };
      });
    },
    ...budgets(),
  };
}

function delimiterWalk(): Scenario {
  return {
    name: 'list-delimiter',
    description: `ListObjectsV2 with delimiter '/': list/ (its directories), then each directory by pages of ${PAGE_KEYS}`,
    kinds: ['s3'],
    headline: 'items',
    prepare: loadListBucket,
    run: (ctx, budget) => {
      // The walk: the top page(s) of list/ give the directories, then each directory in order.
      let dirs: string[] = [];
      let prefix = 'list/';
      let token: string | undefined;
      let top = true;
      return runLoop(1, budget, async (): Promise<Moved> => {
        const q = { prefix, delimiter: '/', maxKeys: PAGE_KEYS, ...(token === undefined ? {} : { continuationToken: token }) };
        const { page, bytes } = await ctx.client.list(LIST_BUCKET, q);
        if (top) dirs.push(...page.prefixes);
        token = page.truncated ? page.nextToken : undefined;
        if (token === undefined) {
          const next = dirs.shift();
          top = next === undefined;
          if (next === undefined) dirs = [];
          prefix = next ?? 'list/';
        }
        return { bytes, items: page.keys + page.prefixes.length };
      });
    },
    ...budgets(),
  };
}

export function listScenarios(): Scenario[] {
  return [flatWalk(), delimiterWalk()];
}
