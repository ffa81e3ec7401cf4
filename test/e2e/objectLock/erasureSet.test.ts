// The object lock suite (objectLock/suite.ts) against a 4-drive erasure set.
import { erasureNode } from '../versionTools.js';
import { objectLockSuite } from './suite.js';

objectLockSuite('4-drive erasure set', () => erasureNode(4));
