// The errors a replicated index answers with when too few of its drives can
// take part in a read or a write.
import { StoreError } from '../StoreError.js';

export function noReplicas(): StoreError {
  return new StoreError('InsufficientReadQuorum', 'No drive of this erasure set can be read: too many drives are offline.');
}

export function isDriveFull(err: unknown): boolean {
  return err instanceof StoreError && err.code === 'DriveFull';
}

export function driveFull(drives: number): StoreError {
  return new StoreError(
    'DriveFull',
    `${drives} drive(s) of the erasure set have no space left for the index, too many to take the write: free space (delete objects) or add capacity.`,
  );
}

export function quorumLost(available: number, needed: number): StoreError {
  return new StoreError(
    'InsufficientWriteQuorum',
    `Only ${available} drive(s) of the erasure set took the write; ${needed} are needed. Nothing was written.`,
  );
}
