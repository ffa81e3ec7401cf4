// The Drive conformance suites, run against every Drive the engine is given:
// a LocalDrive, erasure sets of 4 and 6 LocalDrives, and a set running
// with a drive missing. Another Drive (a remote drive, a bitrot-checking
// decorator) runs the same suites by adding its factory file under
// drive/factories/ and its line here.
import { erasureSetDriveFactory } from './drive/factories/erasureSetDrive.js';
import { localDriveFactory } from './drive/factories/localDrive.js';
import { registerDriveSuites } from './drive/index.js';

for (const factory of [localDriveFactory, erasureSetDriveFactory(4), erasureSetDriveFactory(6), erasureSetDriveFactory(6, [2])]) registerDriveSuites(factory);
