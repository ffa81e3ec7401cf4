// Every Drive conformance suite: a Drive under test is registered with all of them at once.
import type { DriveFactory } from './harness.js';
import { lifecycleTests } from './lifecycle.js';
import { roundTripTests } from './roundTrip.js';

export const driveSuites: ReadonlyArray<(factory: DriveFactory) => void> = [roundTripTests, lifecycleTests];

export function registerDriveSuites(factory: DriveFactory): void {
  for (const register of driveSuites) register(factory);
}
