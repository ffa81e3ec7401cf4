// The drive's errors live in the io/ leaf (meta/ shares them); kept here so
// erasure/ code that reads files through drives keeps one import for them.
export { codeOf, isNotFound, toDriveError } from '../io/errors.js';
