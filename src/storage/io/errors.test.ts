import assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import { test } from 'node:test';
import { isStoreError, StoreError } from '../StoreError.js';
import { toDriveError } from './errors.js';

const errno = (code: string): Error => Object.assign(new Error(`${code}: simulated`), { code });

test('full and read-only drives become DriveFull / DriveReadOnly; anything else passes through unchanged', () => {
  for (const code of ['ENOSPC', 'EDQUOT']) {
    const mapped = toDriveError(errno(code), 'writing');
    assert.ok(isStoreError(mapped) && mapped.code === 'DriveFull');
  }
  for (const code of ['EROFS', 'EACCES', 'EPERM']) {
    const mapped = toDriveError(errno(code), 'writing');
    assert.ok(isStoreError(mapped) && mapped.code === 'DriveReadOnly');
  }
  const lmdbFull = toDriveError(new Error('MDB_MAP_FULL: Environment mapsize limit reached'), 'committing');
  assert.ok(isStoreError(lmdbFull) && lmdbFull.code === 'DriveFull');
  const other = errno('EIO');
  assert.equal(toDriveError(other, 'x'), other);
  const store = new StoreError('NoSuchKey', 'x');
  assert.equal(toDriveError(store, 'x'), store);
});

test('a real ENOSPC (writing to /dev/full) maps to DriveFull', async (t) => {
  let handle;
  try {
    handle = await open('/dev/full', 'w');
  } catch {
    t.skip('/dev/full is not available');
    return;
  }
  try {
    await assert.rejects(
      handle.write(Buffer.alloc(10)).catch((err: unknown) => {
        throw toDriveError(err, 'writing');
      }),
      (err: unknown) => isStoreError(err) && err.code === 'DriveFull',
    );
  } finally {
    await handle.close();
  }
});
