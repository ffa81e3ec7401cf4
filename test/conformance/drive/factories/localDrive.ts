// LocalDrive on a temporary directory prepared as `lode server DIR` prepares
// its data directory (prepareStorage: format, staging, index, data).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareStorage } from '../../../../src/storage/index.js';
import { LocalDrive } from '../../../../src/storage/drive/LocalDrive.js';
import type { DriveFactory, DriveSubject } from '../harness.js';

export const localDriveFactory: DriveFactory = {
  name: 'LocalDrive',
  async create(): Promise<DriveSubject> {
    const dir = await mkdtemp(join(tmpdir(), 'lode-drive-conformance-'));
    await prepareStorage([dir]);
    const subject: DriveSubject = {
      drive: new LocalDrive(dir),
      async reopen() {
        // Not prepareStorage again: it deletes data files no index record references, which all of these are.
        subject.drive = new LocalDrive(dir);
        return subject.drive;
      },
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
    return subject;
  },
};
