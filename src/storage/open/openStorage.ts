// Opening a prepared plan as the node's store, in every worker: the one
// place that chooses how a layout is served. One set of one drive is an
// Engine over that drive; anything else is erasure sets behind a
// MultiSetStore (ErasureStore).
import { DEFAULT_INLINE_THRESHOLD_BYTES } from '../engine/context.js';
import type { ObjectStore } from '../ObjectStore.js';
import type { StoreAdmin } from '../StoreAdmin.js';
import { openErasureStore } from './ErasureStore.js';
import { openSingleDrive } from './openSingleDrive.js';
import { backgroundErrorHandler, MAX_INLINE_THRESHOLD_BYTES, type StorageOptions } from './options.js';
import { isSingleDrive, type StoragePlan } from './StoragePlan.js';
import { prepareStorage, type PrepareOptions } from './prepareStorage.js';

export async function openStorage(plan: StoragePlan, options: StorageOptions = {}): Promise<ObjectStore & StoreAdmin> {
  const inlineThresholdBytes = options.inlineThresholdBytes ?? DEFAULT_INLINE_THRESHOLD_BYTES;
  if (!Number.isInteger(inlineThresholdBytes) || inlineThresholdBytes < 0 || inlineThresholdBytes > MAX_INLINE_THRESHOLD_BYTES) {
    throw new Error(`inlineThresholdBytes must be an integer between 0 and ${MAX_INLINE_THRESHOLD_BYTES}.`);
  }
  if (isSingleDrive(plan.layout)) {
    const slot = plan.slots[0]?.[0];
    if (slot === undefined) throw new Error('The plan of a single drive has no slot: run prepareStorage first.');
    return openSingleDrive(slot, plan.layout.deploymentId, inlineThresholdBytes, backgroundErrorHandler(options));
  }
  return openErasureStore(plan, { ...options, inlineThresholdBytes });
}

/**
 * Prepare and open in one process: for tests, tools and benchmarks that
 * have no primary. A server prepares once in its primary and opens the
 * plan in each worker instead.
 */
export async function createObjectStore(
  paths: readonly string[],
  options: StorageOptions & PrepareOptions = {},
): Promise<ObjectStore & StoreAdmin> {
  const { setSize, parity, newId, ...open } = options;
  const plan = await prepareStorage(paths, {
    ...(setSize !== undefined ? { setSize } : {}),
    ...(parity !== undefined ? { parity } : {}),
    ...(newId !== undefined ? { newId } : {}),
  });
  return openStorage(plan, open);
}
