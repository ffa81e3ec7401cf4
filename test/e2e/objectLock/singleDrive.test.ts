// The object lock suite (objectLock/suite.ts) against a single-drive server.
import { singleDrive } from '../versionTools.js';
import { objectLockSuite } from './suite.js';

objectLockSuite('single drive', singleDrive);
