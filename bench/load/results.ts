// The shape of a run's results: what latest.json holds and report.ts renders.
import type { BigObjectsResult } from './bigObjects.js';
import type { ScenarioTargetResult } from './measure.js';
import type { MillionKeysResult } from './millionKeys.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string } | { ok: false; skipped: true; reason: string };

export interface TargetStatus {
  name: string;
  started: boolean;
  reason?: string;
  endpoint?: string;
  kind?: 's3' | 'static';
  notes: string[];
}

export interface ScenarioResults {
  name: string;
  description: string;
  headline: 'ops' | 'mib' | 'items';
  results: ScenarioTargetResult[];
}

export interface RssOverRun {
  target: string;
  intervalSeconds: number;
  samplesMiB: number[];
  /** Lowest RSS in the first and in the last tenth of the run: the level it returns to between bursts. */
  firstBaselineMiB: number;
  lastBaselineMiB: number;
  peakMiB: number;
  /** The same for anonymous memory (RssAnon: heap and buffers, no mapped files). */
  anonSamplesMiB: number[];
  firstAnonBaselineMiB: number;
  lastAnonBaselineMiB: number;
  peakAnonMiB: number;
  durationSeconds: number;
}

export interface Figure {
  goal: string;
  /** One cell per Lode target (lode-1d, lode-8d). */
  cells: Record<string, { value: string; status: 'met' | 'missed' | 'n/a'; note?: string }>;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string };
  options: { quick: boolean; rounds: number; verify: boolean; workers: number; only: string[]; targets: string[] };
  targets: TargetStatus[];
  drive: Outcome<{ mibPerSecond: number; method: string }>;
  codec: Outcome<string>;
  millionKeys: Outcome<MillionKeysResult>;
  scenarios: ScenarioResults[];
  bigObjects: { target: string; outcome: Outcome<BigObjectsResult> }[];
  scaling: Outcome<ScenarioResults[]>;
  rssOverRun: RssOverRun[];
  figures: Figure[];
}
