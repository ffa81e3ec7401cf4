// Opening one erasure set of a prepared plan: one replicated index over the
// drives' indexes and one erasure-coded Drive over their data, shared by an
// ordinary Engine. Used by openStorage for every set of a multi-drive node
// (and by tests that need a set's insides).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Engine } from '../engine/Engine.js';
import { INDEX_DIR } from '../engine/paths.js';
import { Reclaimer } from '../engine/reclaim.js';
import type { ReedSolomon } from '../erasure/codec/index.js';
import { ErasureSetDrive } from '../erasure/ErasureSetDrive.js';
import { writeQuorumOf } from '../erasure/geometry.js';
import { SetHealth } from '../erasure/SetHealth.js';
import type { Layout } from '../layout/index.js';
import { LmdbIndex, ReplicatedIndex } from '../meta/index.js';
import type { ErasureSet } from './ErasureSet.js';
import { openDrive } from './localDrive.js';
import { HEALING_MARKER, type SlotPlan } from './StoragePlan.js';

export interface SetWiring {
  layout: Layout;
  codecFor: (dataShards: number, parityShards: number) => ReedSolomon;
  inlineThresholdBytes: number;
  stripeBytes?: number;
  /** Failures of background work. */
  onError: (err: unknown) => void;
  /** A drive of the set changed state (default: reported through onError). */
  onDriveChange?: (err: Error) => void;
  /** A read met a missing or damaged shard of this set's file. */
  onDegraded?: (set: ErasureSet, fileId: string, reason: string) => void;
}

export interface OpenedSet {
  set: ErasureSet;
  /** Each slot's own index as opened (undefined where none), for tests that look at one replica. */
  replicas: ReadonlyArray<LmdbIndex | undefined>;
}

export function openErasureSet(setIndex: number, slots: readonly SlotPlan[], wiring: SetWiring): OpenedSet {
  const { layout, onError } = wiring;
  const onDriveChange = wiring.onDriveChange ?? onError;
  const health = new SetHealth(
    slots.map((s) => s.path),
    slots.map((s) => (s.reason !== undefined ? { state: s.state, reason: s.reason } : { state: s.state })),
    (slot, state) => {
      const path = slots[slot]?.path;
      if (state.state === 'ok' && path !== undefined) void rm(join(path, HEALING_MARKER), { force: true }).catch(onError);
      if (state.state !== 'ok' || state.reason !== undefined)
        onDriveChange(new Error(`drive ${path ?? slot + 1} of erasure set ${setIndex + 1} is ${state.state}: ${state.reason ?? ''}`));
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
    drives: slots.map((s) => (s.path === undefined ? undefined : openDrive(s.path))),
    health,
    parity: layout.parity,
    ...(wiring.stripeBytes !== undefined ? { stripeBytes: wiring.stripeBytes } : {}),
    codecFor: wiring.codecFor,
    onDegraded: (fileId, reason) => {
      if (set !== undefined) wiring.onDegraded?.(set, fileId, reason);
    },
  });
  const reclaimer = new Reclaimer(drive, index, onError);
  const engine = new Engine(
    { index, drive, inlineThresholdBytes: wiring.inlineThresholdBytes, reclaimer },
    { deploymentId: layout.deploymentId, driveId: `set-${setIndex + 1}` },
  );
  set = { setIndex, index, drive, health, engine };
  return { set, replicas };
}
