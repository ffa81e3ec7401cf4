// The object lock suite (objectLock/suite.ts) against 18 drives in two erasure sets of 9.
import { erasureNode } from '../versionTools.js';
import { objectLockSuite } from './suite.js';

objectLockSuite('2 erasure sets of 9 drives', () => erasureNode(18));
