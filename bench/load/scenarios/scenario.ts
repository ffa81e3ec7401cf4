// What a scenario is: what it needs in place, and one run of it.
import type { TargetContext } from '../context.js';
import type { Budget, LoopResult } from '../loop.js';

export interface Scenario {
  name: string;
  /** One line for the report: sizes, concurrency. */
  description: string;
  /** Which targets take part: 's3' servers, and 'static' (nginx) for reads. */
  kinds: ReadonlyArray<'s3' | 'static'>;
  /** The figure in the ratios: ops/s, MiB/s, or keys/s (items) walked. */
  headline: 'ops' | 'mib' | 'items';
  /** Once per target before its first run, not measured (load the objects it reads). */
  prepare?(ctx: TargetContext): Promise<void>;
  /** Before every run (warm-up or measured), not measured (e.g. objects to delete). */
  beforeRun?(ctx: TargetContext): Promise<void>;
  /** One run: stops by itself within the budget. */
  run(ctx: TargetContext, budget: Budget): Promise<LoopResult>;
  /** The budget of a measured run; warm-ups get `warmup` (none when null). */
  budget(ctx: TargetContext): Budget;
  warmup(ctx: TargetContext): Budget | null;
}
