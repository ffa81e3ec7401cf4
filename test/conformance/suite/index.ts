// Every ObjectStore conformance suite, in the order they run: a store under
// test is registered with all of them at once. Each suite makes its own
// store from the factory, so every one runs against every factory.
import { bucketTests } from './buckets.js';
import { conditionTests } from './conditions.js';
import { failureTests } from './failures.js';
import type { StoreFactory } from './harness.js';
import { listingTests } from './listing.js';
import { multipartTests } from './multipart.js';
import { multipartListingTests } from './multipartListing.js';
import { nullVersionTests } from './nullVersion.js';
import { objectLockTests } from './objectLock.js';
import { objectTests } from './objects.js';
import { retryTests } from './retries.js';
import { tagTests } from './tags.js';
import { versioningTests } from './versioning.js';

export const storeSuites: ReadonlyArray<(factory: StoreFactory) => void> = [
  bucketTests,
  objectTests,
  listingTests,
  conditionTests,
  multipartTests,
  multipartListingTests,
  failureTests,
  versioningTests,
  nullVersionTests,
  objectLockTests,
  tagTests,
  retryTests,
];

export function registerStoreSuites(factory: StoreFactory): void {
  for (const register of storeSuites) register(factory);
}
