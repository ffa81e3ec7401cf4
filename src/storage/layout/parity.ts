// Parity shards per object, by storage class. An object of a set of n
// drives is cut into n - parity data shards plus parity shards, and
// survives the loss of any `parity` drives of its set.
//
// STANDARD (the defaults): 2 for sets of 4–5, 3 for 6–7, 4 for 8+;
// 1 for 2–3 drives; 0 for a single drive (no erasure coding).
// REDUCED_REDUNDANCY trades safety for space: half of STANDARD, at least 1
// (1 for sets up to 7, 2 for 8+); for 1–3 drives the same as STANDARD.
// Parity never exceeds half the set: with more, a read (any `data` shards)
// and a write quorum could disagree about which shards are current.
// Other S3 classes (STANDARD_IA, GLACIER...) are stored as STANDARD.

export type ParityClass = 'STANDARD' | 'REDUCED_REDUNDANCY';

export interface ParityPolicy {
  standard: number;
  reducedRedundancy: number;
}

function checkSetSize(setSize: number): void {
  if (!Number.isSafeInteger(setSize) || setSize < 1) throw new RangeError(`Invalid set size ${setSize}.`);
}

export function defaultParity(setSize: number, storageClass: ParityClass): number {
  checkSetSize(setSize);
  const standard = setSize === 1 ? 0 : setSize <= 3 ? 1 : setSize <= 5 ? 2 : setSize <= 7 ? 3 : 4;
  if (storageClass === 'STANDARD' || setSize < 4) return standard;
  return Math.max(1, Math.floor(standard / 2));
}

/** Throws a message an operator can act on when `parity` does not fit a set of `setSize`. */
export function validateParity(setSize: number, parity: number, what = 'parity'): void {
  checkSetSize(setSize);
  if (!Number.isSafeInteger(parity) || parity < 0) throw new Error(`The ${what} must be a whole number, got ${parity}.`);
  if (setSize === 1) {
    if (parity !== 0) throw new Error(`A single drive has no erasure coding: the ${what} must be 0, got ${parity}.`);
    return;
  }
  const most = Math.floor(setSize / 2);
  if (parity < 1) throw new Error(`Erasure sets of ${setSize} drives need a ${what} of at least 1, got ${parity}.`);
  if (parity > most)
    throw new Error(`The ${what} of ${parity} is more than half of an erasure set of ${setSize} drives: use 1 to ${most}.`);
}

/**
 * The parity of both classes for a set size: the server's configured values
 * (--parity, --rrs-parity) where given, the defaults otherwise. Reduced
 * redundancy may not be safer than standard.
 */
export function resolveParity(setSize: number, configured: { standard?: number; reducedRedundancy?: number } = {}): ParityPolicy {
  const standard = configured.standard ?? defaultParity(setSize, 'STANDARD');
  validateParity(setSize, standard, 'STANDARD parity');
  const reducedDefault = Math.min(defaultParity(setSize, 'REDUCED_REDUNDANCY'), standard);
  const reducedRedundancy = configured.reducedRedundancy ?? reducedDefault;
  validateParity(setSize, reducedRedundancy, 'REDUCED_REDUNDANCY parity');
  if (reducedRedundancy > standard) {
    throw new Error(
      `The REDUCED_REDUNDANCY parity (${reducedRedundancy}) is more than the STANDARD parity (${standard}): reduced redundancy may not be safer than standard.`,
    );
  }
  return { standard, reducedRedundancy };
}

/** The parity for an object of `storageClass` (any S3 class name; only REDUCED_REDUNDANCY differs from STANDARD). */
export function parityFor(policy: ParityPolicy, storageClass: string | undefined): number {
  return storageClass === 'REDUCED_REDUNDANCY' ? policy.reducedRedundancy : policy.standard;
}
