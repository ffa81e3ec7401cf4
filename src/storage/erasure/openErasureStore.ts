// Opening a multi-drive node in a worker process, from the plan the primary
// made (prepareDrives): per erasure set, one replicated index over the
// drives' indexes and one erasure-coded Drive over their data directories,
// shared by an ordinary Engine; the sets together behind a MultiSetStore.
import { statfs, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalDrive } from '../drive/index.js';
import { LmdbIndex, ReplicatedIndex } from '../meta/index.js';
import type { ObjectStore } from '../ObjectStore.js';
import type { DriveStatus, ErasureSetInfo, HealInput, HealResult, StoreAdmin, StoreInfo } from '../StoreAdmin.js';
import { DEFAULT_INLINE_THRESHOLD_BYTES } from '../engine/context.js';
import { Engine } from '../engine/Engine.js';
import { MultiSetStore } from '../engine/MultiSetStore.js';
import { INDEX_DIR } from '../engine/paths.js';
import { Reclaimer } from '../engine/reclaim.js';
import { createReedSolomon, initCodec, type ReedSolomon } from './codec/index.js';
import { ErasureSetDrive } from './ErasureSetDrive.js';
import { writeQuorumOf } from './geometry.js';
import { HEALING_MARKER, type ErasurePlan } from './prepareDrives.js';
import { SetHealth } from './SetHealth.js';

export interface ErasureSet {
  setIndex: number;
  index: ReplicatedIndex;
  drive: ErasureSetDrive;
  health: SetHealth;
  engine: Engine;
}

export interface OpenErasureOptions {
  inlineThresholdBytes?: number;
  stripeBytes?: number;
  onBackgroundError?: (err: unknown) => void;
  /** A read met a missing or damaged shard (the file to heal). */
  onDegraded?: (set: ErasureSet, fileId: string, reason: string) => void;
}

export async function openErasureStore(plan: ErasurePlan, options: OpenErasureOptions = {}): Promise<ErasureStore> {
  await initCodec();
  const codecs = new Map<string, ReedSolomon>();
  const codecFor = (k: number, m: number): ReedSolomon => {
    const key = `${k}+${m}`;
    let codec = codecs.get(key);
    if (codec === undefined) codecs.set(key, (codec = createReedSolomon(k, m)));
    return codec;
  };
  const onError = options.onBackgroundError ?? ((err: unknown) => process.emitWarning(err instanceof Error ? err : new Error(String(err))));
  const { layout } = plan;
  const sets: ErasureSet[] = [];
  const stopMonitors: Array<() => void> = [];
  for (const [setIndex, slots] of plan.slots.entries()) {
    const health = new SetHealth(
      slots.map((s) => s.path),
      slots.map((s) => (s.reason !== undefined ? { state: s.state, reason: s.reason } : { state: s.state })),
      (slot, state) => {
        if (state.state === 'ok' && slots[slot]?.path !== undefined) void rm(join(slots[slot]!.path!, HEALING_MARKER), { force: true }).catch(onError);
        else if (state.state !== 'ok') onError(new Error(`drive ${slots[slot]?.path ?? slot + 1} of erasure set ${setIndex + 1} is ${state.state}: ${state.reason ?? ''}`));
      },
    );
    stopMonitors.push(health.monitor(DRIVE_CHECK_INTERVAL_MS));
    const replicas = slots.map((s, slot) => {
      if (s.path === undefined || !health.isOnline(slot)) return undefined;
      try {
        return LmdbIndex.open(join(s.path, INDEX_DIR));
      } catch (err) {
        health.markOffline(slot, err);
        return undefined;
      }
    });
    const standard = layout.parity.standard;
    const index = new ReplicatedIndex(replicas, health, writeQuorumOf(layout.setSize - standard, standard));
    let set: ErasureSet | undefined;
    const drive = new ErasureSetDrive({
      setIndex,
      drives: slots.map((s) => (s.path === undefined ? undefined : new LocalDrive(s.path))),
      health,
      parity: layout.parity,
      ...(options.stripeBytes !== undefined ? { stripeBytes: options.stripeBytes } : {}),
      codecFor,
      onDegraded: (fileId, reason) => {
        if (set !== undefined) options.onDegraded?.(set, fileId, reason);
      },
    });
    const reclaimer = new Reclaimer(drive, index, onError);
    const engine = new Engine({ index, drive, inlineThresholdBytes: options.inlineThresholdBytes ?? DEFAULT_INLINE_THRESHOLD_BYTES, reclaimer }, { deploymentId: layout.deploymentId, driveId: `set-${setIndex + 1}` });
    set = { setIndex, index, drive, health, engine };
    sets.push(set);
  }
  return new ErasureStore(plan, sets, () => stopMonitors.forEach((stop) => stop()));
}

/** How often each worker checks that its drives are still there. */
const DRIVE_CHECK_INTERVAL_MS = 2_000;

/** Healing of one set, provided by the heal module (kept apart: it is large and runs outside requests). */
export type SetHealer = (set: ErasureSet, input: HealInput, acc: { progress: HealResult; failures: HealResult['failures'] }, signal: AbortSignal) => Promise<void>;

export class ErasureStore extends MultiSetStore implements ObjectStore, StoreAdmin {
  /** Set by the heal module's wiring (openErasureStore's caller). */
  healer: SetHealer | undefined;

  constructor(
    readonly plan: ErasurePlan,
    readonly erasureSets: readonly ErasureSet[],
    private readonly stopMonitors: () => void = () => undefined,
  ) {
    super(erasureSets.map((s) => s.engine));
  }

  override async close(): Promise<void> {
    this.stopMonitors();
    await super.close();
  }

  async info(signal: AbortSignal): Promise<StoreInfo> {
    const { layout } = this.plan;
    const sets: ErasureSetInfo[] = [];
    for (const set of this.erasureSets) {
      signal.throwIfAborted();
      const drives: DriveStatus[] = [];
      for (const [slot, planned] of (this.plan.slots[set.setIndex] ?? []).entries()) {
        await set.health.checkAlive(slot);
        const state = set.health.stateOf(slot);
        const status: DriveStatus = { path: planned.path ?? '(missing)', driveId: planned.driveId, setIndex: set.setIndex, slot, state: state.state };
        if (state.reason !== undefined) status.reason = state.reason;
        if (planned.path !== undefined) {
          try {
            const fs = await statfs(planned.path);
            status.totalBytes = fs.blocks * fs.bsize;
            status.freeBytes = fs.bavail * fs.bsize;
          } catch {
            // Usage is informative; the state says whether the drive works.
          }
        }
        drives.push(status);
      }
      const standard = layout.parity.standard;
      sets.push({ index: set.setIndex, drives, standardParity: standard, reducedParity: layout.parity.reducedRedundancy, writeQuorum: writeQuorumOf(layout.setSize - standard, standard) });
    }
    const first = this.erasureSets[0]!.index;
    return { deploymentId: layout.deploymentId, mode: 'erasure', sets, buckets: first.countEntries('buckets'), objects: this.erasureSets.reduce((sum, s) => sum + s.index.countEntries('objects'), 0) };
  }

  async heal(input: HealInput, signal: AbortSignal): Promise<HealResult> {
    const started = Date.now();
    const progress: HealResult = { scanned: 0, healed: 0, failed: 0, healedBytes: 0, drivesHealing: 0, durationMs: 0, failures: [] };
    if (input.bucket === undefined) progress.total = this.erasureSets.reduce((sum, s) => sum + s.index.countEntries('objects'), 0);
    for (const set of this.erasureSets) for (let slot = 0; slot < set.health.size; slot++) if (set.health.stateOf(slot).state === 'healing') progress.drivesHealing++;
    if (this.healer === undefined) throw new Error('healing is not wired in this process');
    for (const set of this.erasureSets) await this.healer(set, input, { progress, failures: progress.failures }, signal);
    progress.durationMs = Date.now() - started;
    delete progress.current;
    return progress;
  }
}
