// Closed-loop object scenarios: PUT, GET and HEAD of one size at one
// concurrency, DELETE, and the 70/20/10 GET/PUT/DELETE mix of 4 KiB objects.
import { BUCKET, ensureBucket, ensureObjects, keysOf, type TargetContext } from '../context.js';
import { runLoop, type Budget, type LoopResult } from '../loop.js';
import { KiB, MiB } from '../payload.js';
import type { Scenario } from './scenario.js';

interface Shape {
  label: string;
  sizeBytes: number;
  concurrency: number;
  /** Objects read by GET/HEAD; keys overwritten in turn by PUT. */
  objects: (ctx: TargetContext) => number;
  putKeys: number;
  /** Most operations in one measured run, besides its time limit. */
  maxOps: number;
}

const SHAPES: Record<'4k' | '1m' | '64m', Shape> = {
  '4k': { label: '4 KiB', sizeBytes: 4 * KiB, concurrency: 32, objects: (c) => c.scale.get4kObjects, putKeys: 10_000, maxOps: 500_000 },
  '1m': { label: '1 MiB', sizeBytes: 1 * MiB, concurrency: 16, objects: (c) => c.scale.get1mObjects, putKeys: 64, maxOps: 20_000 },
  '64m': { label: '64 MiB', sizeBytes: 64 * MiB, concurrency: 4, objects: (c) => c.scale.get64mObjects, putKeys: 8, maxOps: 256 },
};

function budgets(shape: Shape): Pick<Scenario, 'budget' | 'warmup'> {
  return {
    budget: (ctx) => ({ durationMs: ctx.scale.runMs, maxOps: shape.maxOps }),
    warmup: (ctx) => ({ durationMs: ctx.scale.warmupMs, maxOps: Math.max(shape.concurrency, Math.ceil(shape.maxOps / 10)) }),
  };
}

function putScenario(id: keyof typeof SHAPES): Scenario {
  const shape = SHAPES[id];
  const keys = keysOf(`put${id}`, shape.putKeys);
  return {
    name: `put-${id}`,
    description: `PUT ${shape.label}, ${shape.concurrency} in flight, overwriting ${shape.putKeys} keys in turn`,
    kinds: ['s3'],
    headline: shape.sizeBytes >= MiB ? 'mib' : 'ops',
    prepare: (ctx) => ensureBucket(ctx, BUCKET),
    run: (ctx, budget) =>
      runLoop(shape.concurrency, budget, (_w, seq) => {
        const md5 = ctx.verify ? ctx.payload.md5Hex(shape.sizeBytes, seq) : undefined;
        return ctx.client.put(BUCKET, keys[seq % keys.length] ?? '', ctx.payload.body(shape.sizeBytes, seq), shape.sizeBytes, md5);
      }),
    ...budgets(shape),
  };
}

function readScenario(id: keyof typeof SHAPES, method: 'get' | 'head'): Scenario {
  const shape = SHAPES[id];
  const set = `get${id}`;
  return {
    name: `${method}-${id}`,
    description: `${method.toUpperCase()} ${shape.label}, ${shape.concurrency} in flight, over the objects of a loaded set`,
    kinds: ['s3', 'static'],
    headline: method === 'get' && shape.sizeBytes >= MiB ? 'mib' : 'ops',
    prepare: (ctx) => ensureObjects(ctx, set, shape.objects(ctx), shape.sizeBytes),
    run: (ctx, budget) => {
      const count = shape.objects(ctx);
      const keys = keysOf(set, count);
      return runLoop(shape.concurrency, budget, (_w, seq) => {
        const i = seq % count;
        if (method === 'head') return ctx.client.head(BUCKET, keys[i] ?? '', shape.sizeBytes);
        return ctx.client.get(BUCKET, keys[i] ?? '', shape.sizeBytes, ctx.verify ? ctx.payload.md5Hex(shape.sizeBytes, i) : undefined);
      });
    },
    ...budgets(shape),
  };
}

/** DELETE: each run first writes up to deleteKeys fresh objects (not measured), then deletes them. */
function deleteScenario(): Scenario {
  const sizeBytes = 4 * KiB;
  const concurrency = 32;
  const pending = new Map<string, string[]>();
  let generation = 0;
  return {
    name: 'delete-4k',
    description: `DELETE of 4 KiB objects, ${concurrency} in flight (objects written before each run, not measured)`,
    kinds: ['s3'],
    headline: 'ops',
    prepare: (ctx) => ensureBucket(ctx, BUCKET),
    beforeRun: async (ctx) => {
      const keys = keysOf(`del/${generation++}`, ctx.scale.deleteKeys);
      const loaded = await runLoop(concurrency, { durationMs: ctx.scale.deleteLoadMs, maxOps: keys.length }, (_w, i) =>
        ctx.client.put(BUCKET, keys[i] ?? '', ctx.payload.body(sizeBytes, i), sizeBytes),
      );
      if (loaded.errors > 0) throw new Error(`writing objects to delete: ${loaded.errors} errors (${loaded.firstErrors[0] ?? ''})`);
      pending.set(ctx.name, keys.slice(0, loaded.ops));
    },
    run: (ctx, budget) => {
      const keys = pending.get(ctx.name) ?? [];
      return runLoop(concurrency, { durationMs: budget.durationMs, maxOps: Math.min(budget.maxOps, keys.length) }, (_w, seq) =>
        ctx.client.delete(BUCKET, keys[seq] ?? ''),
      );
    },
    budget: (ctx) => ({ durationMs: ctx.scale.runMs, maxOps: ctx.scale.deleteKeys }),
    warmup: () => null,
  };
}

/** 70% GET of loaded objects, 20% PUT of new keys, 10% DELETE of keys this worker PUT (oldest first). */
function mixedScenario(): Scenario {
  const shape = SHAPES['4k'];
  const sizeBytes = shape.sizeBytes;
  let generation = 0;
  return {
    name: 'mixed-4k',
    description: `4 KiB objects, ${shape.concurrency} in flight: 70% GET, 20% PUT, 10% DELETE`,
    kinds: ['s3'],
    headline: 'ops',
    prepare: (ctx) => ensureObjects(ctx, 'get4k', shape.objects(ctx), sizeBytes),
    run: (ctx, budget: Budget): Promise<LoopResult> => {
      const count = shape.objects(ctx);
      const readKeys = keysOf('get4k', count);
      const prefix = `mixed/${generation++}`;
      const written: string[][] = Array.from({ length: shape.concurrency }, () => []);
      let puts = 0;
      return runLoop(shape.concurrency, budget, (w, seq) => {
        // A low-discrepancy sequence: the mix holds over any stretch of operations, the same in every run.
        const draw = (seq * 0.6180339887498949) % 1;
        const mine = written[w] ?? [];
        if (draw < 0.7) {
          const i = (seq * 7919) % count;
          return ctx.client.get(BUCKET, readKeys[i] ?? '', sizeBytes, ctx.verify ? ctx.payload.md5Hex(sizeBytes, i) : undefined);
        }
        if (draw < 0.9 || mine.length === 0) {
          const key = `${prefix}/${w}/${puts++}`;
          mine.push(key);
          return ctx.client.put(
            BUCKET,
            key,
            ctx.payload.body(sizeBytes, seq),
            sizeBytes,
            ctx.verify ? ctx.payload.md5Hex(sizeBytes, seq) : undefined,
          );
        }
        return ctx.client.delete(BUCKET, mine.shift() ?? '');
      });
    },
    ...budgets(shape),
  };
}

export function objectScenarios(): Scenario[] {
  return [
    putScenario('4k'),
    readScenario('4k', 'get'),
    readScenario('4k', 'head'),
    putScenario('1m'),
    readScenario('1m', 'get'),
    putScenario('64m'),
    readScenario('64m', 'get'),
    deleteScenario(),
    mixedScenario(),
  ];
}
