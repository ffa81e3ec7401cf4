// Where the index lives inside a drive.
import { join } from 'node:path';

export const INDEX_DIR = join('.lode', 'index');
