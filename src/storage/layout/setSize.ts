// How many drives make one erasure set. Every set of a node has the same
// size, so the size must divide the drive count (MinIO's idea too). Sets of
// 4–16 drives: fewer than 4 leaves parity no room, more than 16 makes every
// write touch too many drives and heals too long. Among the sizes that fit,
// the largest wins: with the same parity, a wider set spends less space on
// it (8 of 24 drives: 4 parity per 12 beats 4 per 8), and with
// parity by set size (parity.ts) it also survives more failures per set.
//
//   1 drive       → 1 (no erasure coding: today's single-drive mode)
//   2–3 drives    → one set of all of them (parity 1: a mirror-like minimum)
//   4–16 drives   → one set of all of them
//   more          → the largest divisor in [4, 16]; none (17, 19, 23, 34...) → Error
export const MIN_SET_SIZE = 4;
export const MAX_SET_SIZE = 16;

function checkDriveCount(driveCount: number): void {
  if (!Number.isSafeInteger(driveCount) || driveCount < 1)
    throw new RangeError(`Invalid drive count ${driveCount}: at least one drive is needed.`);
}

/** The set size chosen for `driveCount` drives, or undefined when no size fits. */
function fittingSetSize(driveCount: number): number | undefined {
  if (driveCount <= MAX_SET_SIZE) return driveCount;
  for (let size = MAX_SET_SIZE; size >= MIN_SET_SIZE; size--) if (driveCount % size === 0) return size;
  return undefined;
}

export function chooseSetSize(driveCount: number): number {
  checkDriveCount(driveCount);
  const size = fittingSetSize(driveCount);
  if (size === undefined) {
    const [below, above] = nearbyValidCounts(driveCount);
    throw new Error(
      `${driveCount} drives cannot be split into equal erasure sets of ${MIN_SET_SIZE}–${MAX_SET_SIZE} drives: use ${below} or ${above} drives (any count from 1 to ${MAX_SET_SIZE}, or a multiple of a number from ${MIN_SET_SIZE} to ${MAX_SET_SIZE}).`,
    );
  }
  return size;
}

/** Checks an operator's explicit set size against the drive count. */
export function validateSetSize(driveCount: number, setSize: number): void {
  checkDriveCount(driveCount);
  if (!Number.isSafeInteger(setSize) || setSize < 1) throw new RangeError(`Invalid set size ${setSize}.`);
  if (driveCount % setSize !== 0)
    throw new Error(`A set size of ${setSize} does not divide ${driveCount} drives: every erasure set has the same number of drives.`);
  if (setSize > MAX_SET_SIZE) throw new Error(`A set size of ${setSize} is more than ${MAX_SET_SIZE} drives.`);
  if (setSize < driveCount && setSize < MIN_SET_SIZE) {
    throw new Error(
      `A set size of ${setSize} is outside ${MIN_SET_SIZE}–${MAX_SET_SIZE} drives (only a node of ${MIN_SET_SIZE - 1} drives or fewer uses one smaller set).`,
    );
  }
}

/** The nearest drive counts below and above `driveCount` that chooseSetSize accepts. */
export function nearbyValidCounts(driveCount: number): [number, number] {
  let below = driveCount - 1;
  while (below > 1 && fittingSetSize(below) === undefined) below--;
  let above = driveCount + 1;
  while (fittingSetSize(above) === undefined) above++;
  return [below, above];
}
