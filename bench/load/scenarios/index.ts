// Every scenario, in the order of the issue (and of the report).
import { listScenarios } from './list.js';
import { multipartScenario } from './multipart.js';
import { objectScenarios } from './objects.js';
import type { Scenario } from './scenario.js';

export type { Scenario } from './scenario.js';
export { objectScenarios } from './objects.js';

export const SCENARIO_ORDER = [
  'put-4k',
  'get-4k',
  'head-4k',
  'put-1m',
  'get-1m',
  'put-64m',
  'get-64m',
  'multipart-1g',
  'list',
  'list-delimiter',
  'delete-4k',
  'mixed-4k',
] as const;

/** Fresh instances (scenarios keep per-run state such as key generations). */
export function allScenarios(): Scenario[] {
  const byName = new Map([...objectScenarios(), multipartScenario(), ...listScenarios()].map((s) => [s.name, s]));
  return SCENARIO_ORDER.map((n) => byName.get(n)).filter((s): s is Scenario => s !== undefined);
}
