// Kept in step with package.json by hand; `lode --version` prints it.
export const VERSION = '0.1.0';
