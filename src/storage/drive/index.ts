// The drive layer's public surface (used by storage/engine only).
export type { Drive, DriveFile, StagedFile, StageOptions } from './Drive.js';
export { LocalDrive, DATA_DIR, STAGING_DIR } from './LocalDrive.js';
export { FORMAT_FILE, FORMAT_NAME, FORMAT_VERSION, readFormat, writeFormat, type DriveFormat } from './format.js';
export { hourOf, hourOfFileId, newFileId } from './fileIds.js';
export { isNotFound, toDriveError } from '../io/errors.js';
export { probeWritable } from './probeWritable.js';
export { makePrivateDirs, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../io/modes.js';
