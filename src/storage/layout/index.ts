// Drive layout of a node: how many drives per erasure set, parity per
// storage class, format.json v1/v2, and which directory is which drive.
// Placement of an object into a set stays in engine/placement.ts (setIndexOf).
export { chooseSetSize, MAX_SET_SIZE, MIN_SET_SIZE, nearbyValidCounts, validateSetSize } from './setSize.js';
export { defaultParity, parityFor, resolveParity, validateParity, type ParityClass, type ParityPolicy } from './parity.js';
export {
  FORMAT_NAME,
  FormatProblem,
  LATEST_FORMAT_VERSION,
  PLACEMENT,
  formatFor,
  layoutOf,
  parseFormat,
  sameLayout,
  type AnyDriveFormat,
  type DriveFormatV1,
  type DriveFormatV2,
  type Layout,
} from './format.js';
export { planNewLayout, slotOf, type PlanOptions, type PlannedLayout } from './plan.js';
export { LayoutError, reconcileDrives, type DriveProbe, type PlacedDrive, type Reconciliation } from './reconcile.js';
export { probeDrive, probeDrives } from './probe.js';
