// A multi-drive node in a worker process: the erasure sets of the plan the
// primary made (prepareStorage), each an Engine over a replicated index and
// an erasure-coded drive, together behind a MultiSetStore; background drive
// checks, healing and the scanner; StoreAdmin over all of them.
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists } from '../../util/pathExists.js';
import { MultiSetStore } from '../engine/MultiSetStore.js';
import { codecCache, initCodec } from '../erasure/codec/index.js';
import { writeQuorumOf } from '../erasure/geometry.js';
import { healSet, HealQueue, Scanner } from '../erasure/heal/index.js';
import type { ObjectStore } from '../ObjectStore.js';
import type { DriveStatus, ErasureSetInfo, HealInput, HealProgress, HealResult, StoreAdmin, StoreInfo } from '../StoreAdmin.js';
import type { ErasureSet } from './ErasureSet.js';
import { openErasureSet } from './openErasureSet.js';
import { backgroundErrorHandler, type StorageOptions } from './options.js';
import { reattachSlot } from './reattach.js';
import { HEALING_MARKER, type StoragePlan } from './StoragePlan.js';

export async function openErasureStore(
  plan: StoragePlan,
  options: StorageOptions & { inlineThresholdBytes: number },
): Promise<ErasureStore> {
  await initCodec();
  const codecFor = codecCache();
  const onError = backgroundErrorHandler(options);
  const { layout } = plan;
  const log = options.log ?? (() => undefined);
  const queue = new HealQueue({ log });
  const sets = plan.slots.map(
    (slots, setIndex) =>
      openErasureSet(setIndex, slots, {
        layout,
        codecFor,
        inlineThresholdBytes: options.inlineThresholdBytes,
        ...(options.stripeBytes !== undefined ? { stripeBytes: options.stripeBytes } : {}),
        onError,
        // A read met a missing or damaged shard: heal that file in the background.
        onDegraded: (set, fileId, reason) => queue.enqueueFile(set, fileId, reason),
      }).set,
  );
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
  const rate = options.scanObjectsPerSecond ?? 50;
  const scanner = options.runScanner === true && rate > 0 ? new Scanner({ sets, queue, objectsPerSecond: rate, log }) : undefined;
  scanner?.start();
  return new ErasureStore(plan, sets, async () => {
    clearInterval(monitor);
    await scanner?.close();
    await queue.close();
  });
}

/** How often each worker checks that its drives are still there. */
const DRIVE_CHECK_INTERVAL_MS = 2_000;

export class ErasureStore extends MultiSetStore implements ObjectStore, StoreAdmin {
  constructor(
    readonly plan: StoragePlan,
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
        if (
          set.health.stateOf(slot).state === 'healing' &&
          planned.path !== undefined &&
          !(await pathExists(join(planned.path, HEALING_MARKER)))
        )
          set.health.markHealed(slot);
        const state = set.health.stateOf(slot);
        const status: DriveStatus = {
          path: planned.path ?? '(missing)',
          driveId: planned.driveId,
          setIndex: set.setIndex,
          slot,
          state: state.state,
        };
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
      sets.push({
        index: set.setIndex,
        drives,
        standardParity: standard,
        reducedParity: layout.parity.reducedRedundancy,
        writeQuorum: writeQuorumOf(layout.setSize - standard, standard),
      });
    }
    const first = this.erasureSets[0]!.index;
    return {
      deploymentId: layout.deploymentId,
      mode: 'erasure',
      sets,
      buckets: first.countEntries('buckets'),
      objects: this.erasureSets.reduce((sum, s) => sum + s.index.countEntries('objects'), 0),
    };
  }

  async heal(input: HealInput, signal: AbortSignal): Promise<HealResult> {
    const started = Date.now();
    const progress: HealProgress = { scanned: 0, healed: 0, failed: 0, healedBytes: 0, drivesHealing: 0 };
    const failures: HealResult['failures'] = [];
    if (input.bucket === undefined) progress.total = this.erasureSets.reduce((sum, s) => sum + s.index.countEntries('objects'), 0);
    for (const set of this.erasureSets)
      for (let slot = 0; slot < set.health.size; slot++) if (set.health.stateOf(slot).state === 'healing') progress.drivesHealing++;
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
