// The versioning suite (versioning/suite.ts) against a 4-drive erasure set.
import { erasureNode } from '../versionTools.js';
import { versioningSuite } from './suite.js';

versioningSuite('4-drive erasure set', () => erasureNode(4));
