// BitrotDrive over a LocalDrive, as a single-drive node serves its data
// (storage/open/openSingleDrive.ts): every file framed with block hashes,
// verified on read. Small blocks here, so that multi-block files, the short
// last block and reads across block edges are exercised by small files too.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareStorage } from '../../../../src/storage/index.js';
import { BitrotDrive } from '../../../../src/storage/bitrot/index.js';
import { LocalDrive } from '../../../../src/storage/drive/LocalDrive.js';
import type { DriveFactory, DriveSubject } from '../harness.js';

const BLOCK_BYTES = 64 * 1024;

export const bitrotDriveFactory: DriveFactory = {
  name: `BitrotDrive (over LocalDrive, ${BLOCK_BYTES / 1024} KiB blocks)`,
  async create(): Promise<DriveSubject> {
    const dir = await mkdtemp(join(tmpdir(), 'lode-bitrot-drive-conformance-'));
    await prepareStorage([dir]);
    const open = (): BitrotDrive =>
      new BitrotDrive(new LocalDrive(dir), {
        blockBytes: BLOCK_BYTES,
        rawFilesUntilHour: -1,
        onCorrupt: (fileId, reason) => {
          throw new Error(`a healthy drive reported ${fileId} damaged: ${reason}`);
        },
      });
    const subject: DriveSubject = {
      drive: open(),
      async reopen() {
        // Not prepareStorage again: it deletes data files no index record references, which all of these are.
        subject.drive = open();
        return subject.drive;
      },
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
    return subject;
  },
};
