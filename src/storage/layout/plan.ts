// A new deployment's layout: fresh ids, drives dealt into sets.
//
// Drive k (in argument order) goes to set k % setCount, position
// floor(k / setCount): consecutive arguments land in different sets. Drives
// that share a failure domain tend to be listed together (one controller,
// one enclosure, later one node of `http://node{1...4}/disk{1...4}`);
// dealing them round-robin spreads each domain over the sets instead of
// concentrating it in one, so losing it costs each set a few shards rather
// than one set all of them.
import { randomUUID } from 'node:crypto';
import { PLACEMENT, type Layout } from './format.js';
import { resolveParity } from './parity.js';
import { chooseSetSize, validateSetSize } from './setSize.js';

export interface PlanOptions {
  /** An explicit set size (default: chooseSetSize). */
  setSize?: number;
  /** Configured parity (--parity, --rrs-parity); defaults by set size. */
  parity?: { standard?: number; reducedRedundancy?: number };
  /** Makes ids; tests pass a deterministic one. */
  newId?: () => string;
}

export interface PlannedLayout {
  layout: Layout;
  /** driveIds[k] is the id for the k-th drive argument. */
  driveIds: string[];
}

export function planNewLayout(driveCount: number, options: PlanOptions = {}): PlannedLayout {
  const newId = options.newId ?? randomUUID;
  const setSize = options.setSize ?? chooseSetSize(driveCount);
  validateSetSize(driveCount, setSize);
  const parity = resolveParity(setSize, options.parity);
  const setCount = driveCount / setSize;
  const deploymentId = newId();
  const driveIds = Array.from({ length: driveCount }, () => newId());
  if (new Set([deploymentId, ...driveIds]).size !== driveCount + 1) throw new Error('newId() returned the same id twice.');
  const sets: string[][] = Array.from({ length: setCount }, () => []);
  driveIds.forEach((id, k) => sets[k % setCount]?.push(id));
  return { layout: { deploymentId, sets, setSize, parity, placement: PLACEMENT }, driveIds };
}

/** Where drive `driveId` sits in `layout`, or undefined when it is not part of it. */
export function slotOf(layout: Layout, driveId: string): { setIndex: number; driveIndex: number } | undefined {
  for (let setIndex = 0; setIndex < layout.sets.length; setIndex++) {
    const driveIndex = layout.sets[setIndex]?.indexOf(driveId) ?? -1;
    if (driveIndex >= 0) return { setIndex, driveIndex };
  }
  return undefined;
}
