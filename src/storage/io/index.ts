// File-system leaves shared by drive/ and meta/ (neither imports the other):
// errno → StoreError translation, private modes, directory fsync.
export { codeOf, isNotFound, toDriveError } from './errors.js';
export { makePrivateDirs, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './modes.js';
export { syncDir } from './syncDir.js';
