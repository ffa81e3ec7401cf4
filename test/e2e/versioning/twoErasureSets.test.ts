// The versioning suite (versioning/suite.ts) against 18 drives in two erasure sets of 9: keys spread over both, and listings merge the sets' pages.
import { erasureNode } from '../versionTools.js';
import { versioningSuite } from './suite.js';

versioningSuite('2 erasure sets of 9 drives', () => erasureNode(18));
