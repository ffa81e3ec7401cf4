// Opening a multi-drive node in a worker process, from the plan the primary
// made (prepareDrives): per erasure set, one replicated index over the
// drives' indexes and one erasure-coded Drive over their data directories,
// shared by an ordinary Engine; the sets together behind a MultiSetStore.
import { pathExists } from '../../util/pathExists.js';
import { rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalDrive } from '../drive/index.js';
import { LmdbIndex, ReplicatedIndex } from '../meta/index.js';
import type { ObjectStore } from '../ObjectStore.js';
import type { DriveStatus, ErasureSetInfo, HealInput, HealProgress, HealResult, StoreAdmin, StoreInfo } from '../StoreAdmin.js';
import { healSet, HealQueue, Scanner } from './heal/index.js';
import { DEFAULT_INLINE_THRESHOLD_BYTES } from '../engine/context.js';
import { Engine } from '../engine/Engine.js';
import { MultiSetStore } from '../engine/MultiSetStore.js';
import { INDEX_DIR } from '../engine/paths.js';
import { Reclaimer } from '../engine/reclaim.js';
import { codecCache, initCodec } from './codec/index.js';
import { ErasureSetDrive } from './ErasureSetDrive.js';
import { writeQuorumOf } from './geometry.js';
import { HEALING_MARKER, type ErasurePlan } from './prepareDrives.js';
import { SetHealth } from './SetHealth.js';
import type { ErasureSet } from './ErasureSet.js';
import { reattachSlot } from './reattach.js';

export type { ErasureSet } from './ErasureSet.js';

export interface OpenErasureOptions {
  inlineThresholdBytes?: number;
  stripeBytes?: number;
  onBackgroundError?: (err: unknown) => void;
  /** Where background healing reports (the process's logger). */
  log?: (message: string) => void;
  /** Run the background scanner in this process (one process per node). */
  runScanner?: boolean;
  /** Objects the scanner looks at per second (default 50; 0 turns it off). */
  scanObjectsPerSecond?: number;
}

export async function openErasureStore(plan: ErasurePlan, options: OpenErasureOptions = {}): Promise<ErasureStore> {
  await initCodec();
  const codecFor = codecCache();
  const onError = options.onBackgroundError ?? ((err: unknown) => process.emitWarning(err instanceof Error ? err : new Error(String(err))));
  const { layout } = plan;
  const sets: ErasureSet[] = [];
  const stopMonitors: Array<() => void> = [];
  const log = options.log ?? (() => undefined);
  const queue = new HealQueue({ log });
  for (const [setIndex, slots] of plan.slots.entries()) {
    const health = new SetHealth(
      slots.map((s) => s.path),
      slots.map((s) => (s.reason !== undefined ? { state: s.state, reason: s.reason } : { state: s.state })),
      (slot, state) => {
        if (state.state === 'ok' && slots[slot]?.path !== undefined) void rm(join(slots[slot]!.path!, HEALING_MARKER), { force: true }).catch(onError);
        if (state.state !== 'ok' || state.reason !== undefined) onError(new Error(`drive ${slots[slot]?.path ?? slot + 1} of erasure set ${setIndex + 1} is ${state.state}: ${state.reason ?? ''}`));
      },
    );
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
      // A read met a missing or damaged shard: heal that file in the background.
      onDegraded: (fileId, reason) => {
        if (set !== undefined) queue.enqueueFile(set, fileId, reason);
      },
    });
    const reclaimer = new Reclaimer(drive, index, onError);
    const engine = new Engine({ index, drive, inlineThresholdBytes: options.inlineThresholdBytes ?? DEFAULT_INLINE_THRESHOLD_BYTES, reclaimer }, { deploymentId: layout.deploymentId, driveId: `set-${setIndex + 1}` });
    set = { setIndex, index, drive, health, engine };
    sets.push(set);
  }
  // Every few seconds: drives in rotation still there? drives out of rotation back?
  const monitor = setInterval(() => {
    for (const set of sets) {
      for (let slot = 0; slot < set.health.size; slot++) {
        if (set.health.isOnline(slot)) void set.health.checkAlive(slot);
        else void reattachSlot(set, slot, plan.slots[set.setIndex]![slot]!, layout, { formatEmpty: false }).catch(onError);
      }
    }
  }, DRIVE_CHECK_INTERVAL_MS);
  monitor.unref();
  stopMonitors.push(() => clearInterval(monitor));
  const rate = options.scanObjectsPerSecond ?? 50;
  const scanner = options.runScanner === true && rate > 0 ? new Scanner({ sets, queue, objectsPerSecond: rate, log }) : undefined;
  scanner?.start();
  return new ErasureStore(plan, sets, async () => {
    stopMonitors.forEach((stop) => stop());
    await scanner?.close();
    await queue.close();
  });
}

/** How often each worker checks that its drives are still there. */
const DRIVE_CHECK_INTERVAL_MS = 2_000;

export class ErasureStore extends MultiSetStore implements ObjectStore, StoreAdmin {
  constructor(
    readonly plan: ErasurePlan,
    readonly erasureSets: readonly ErasureSet[],
    private readonly stopBackground: () => Promise<void> = async () => undefined,
  ) {
    super(erasureSets.map((s) => s.engine));
  }

  override async close(): Promise<void> {
    await this.stopBackground();
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
        // A drive another worker formatted into its slot (or one that came back) is picked up now.
        await reattachSlot(set, slot, planned, layout, { formatEmpty: false }).catch(() => false);
        // Another worker may have finished healing this drive: its marker is gone.
        if (set.health.stateOf(slot).state === 'healing' && planned.path !== undefined && !(await pathExists(join(planned.path, HEALING_MARKER)))) set.health.markHealed(slot);
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
    const progress: HealProgress = { scanned: 0, healed: 0, failed: 0, healedBytes: 0, drivesHealing: 0 };
    const failures: HealResult['failures'] = [];
    if (input.bucket === undefined) progress.total = this.erasureSets.reduce((sum, s) => sum + s.index.countEntries('objects'), 0);
    for (const set of this.erasureSets) for (let slot = 0; slot < set.health.size; slot++) if (set.health.stateOf(slot).state === 'healing') progress.drivesHealing++;
    for (const set of this.erasureSets) {
      // An empty directory in a lost drive's place is formatted into its slot and rebuilt now.
      for (const [slot, planned] of (this.plan.slots[set.setIndex] ?? []).entries()) {
        await set.health.checkAlive(slot); // a drive wiped a moment ago must be seen as gone first
        if (await reattachSlot(set, slot, planned, this.plan.layout, { formatEmpty: true })) progress.drivesHealing++;
      }
      await healSet(set, input, { progress, failures }, signal);
    }
    delete progress.current;
    input.onProgress?.({ ...progress });
    return { ...progress, durationMs: Date.now() - started, failures };
  }
}

