// The Drive conformance suites, run against every Drive the engine is given:
// a LocalDrive, the BitrotDrive a single-drive node serves through, erasure
// sets of 4 and 6 LocalDrives, and a set running with a drive missing.
// Another Drive (a remote drive) runs the same suites by adding its factory
// file under drive/factories/ and its line here.
import { bitrotDriveFactory } from './drive/factories/bitrotDrive.js';
import { erasureSetDriveFactory } from './drive/factories/erasureSetDrive.js';
import { localDriveFactory } from './drive/factories/localDrive.js';
import { registerDriveSuites } from './drive/index.js';

for (const factory of [
  localDriveFactory,
  bitrotDriveFactory,
  erasureSetDriveFactory(4),
  erasureSetDriveFactory(6),
  erasureSetDriveFactory(6, [2]),
])
  registerDriveSuites(factory);
