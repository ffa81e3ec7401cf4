// The versioning suite (versioning/suite.ts) against a single-drive server.
import { singleDrive } from '../versionTools.js';
import { versioningSuite } from './suite.js';

versioningSuite('single drive', singleDrive);
