// Bucket lifecycle: the background worker that applies the rules, and the
// pure rule evaluation the S3 handlers share with it (x-amz-expiration).
export { LifecycleScanner, isLocked, type LifecycleReport, type LifecycleScannerOptions, type LifecycleStore } from './LifecycleScanner.js';
export {
  REAL_DAY_MS,
  abortOf,
  commonPrefix,
  expirationHeader,
  expirationOf,
  filterMatches,
  formatExpiration,
  lifecycleDue,
  ruleApplies,
  type LifecycleSubject,
} from './rules.js';
