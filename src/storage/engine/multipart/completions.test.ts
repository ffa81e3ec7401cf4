// The `completed` records: answered only inside the retention window, and
// swept once past it by the transactions that create and complete uploads.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { LmdbIndex, objectKey, versionKey, type ObjectRecord } from '../../meta/index.js';
import { newUploadId } from './uploads.js';
import { COMPLETION_RETENTION_MS, completionKey, recordCompletion, replayedCompletion, sweepCompletions } from './completions.js';

let dir = '';
let index: LmdbIndex;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lode-completions-'));
  index = LmdbIndex.open(dir);
});
after(async () => {
  await index.close();
  await rm(dir, { recursive: true, force: true });
});

const T0 = 1_750_000_000_000;
const ETAG = '0123456789abcdef0123456789abcdef';
const record = (vsk: string): ObjectRecord => ({
  v: 1,
  versionId: 'null',
  vsk,
  sizeBytes: 3,
  etag: `${ETAG}-1`,
  lastModifiedMs: T0,
  metadata: { userMetadata: {} },
  storageClass: 'STANDARD',
  data: { kind: 'multipart', partsCount: 1 },
});

it('answers a retry only within the retention window', async () => {
  const uploadId = newUploadId(T0 - 1000);
  const vsk = '0'.repeat(22);
  await index.transact((txn) => {
    txn.put('objects', objectKey('b', 'k'), record(vsk));
    txn.put('layouts', versionKey('b', 'k', vsk), { v: 1, parts: [{ fileId: 'f1', sizeBytes: 3, partNumber: 1, etag: ETAG }] });
    recordCompletion(txn, uploadId, { v: 1, bucket: 'b', key: 'k', completedMs: T0, vsk, firstFileId: 'f1' });
  });
  const input = { bucket: 'b', key: 'k', uploadId, parts: [{ partNumber: 1, etag: `"${ETAG}"` }] };
  assert.equal(replayedCompletion(index, input, T0 + 1)?.vsk, vsk);
  assert.equal(replayedCompletion(index, input, T0 + COMPLETION_RETENTION_MS - 1)?.vsk, vsk);
  assert.equal(replayedCompletion(index, input, T0 + COMPLETION_RETENTION_MS), undefined);
  assert.equal(replayedCompletion(index, { ...input, bucket: 'other' }, T0 + 1), undefined);
});

it('sweeps expired records, oldest uploads first, a few per transaction', async () => {
  const ids = Array.from({ length: 20 }, (_, i) => newUploadId(T0 + i));
  await index.transact((txn) => {
    ids.forEach((id, i) =>
      recordCompletion(txn, id, { v: 1, bucket: 'b', key: `k${i}`, completedMs: T0 + i, vsk: '1'.repeat(22), firstFileId: `f${i}` }),
    );
  });
  const left = (): number => ids.filter((id) => index.get('completed', completionKey(id)) !== undefined).length;
  // Nothing has expired yet: nothing goes.
  await index.transact((txn) => sweepCompletions(txn, T0 + 5));
  assert.equal(left(), 20);
  // All expired: each sweep takes a bounded bite until none is left.
  let sweeps = 0;
  while (left() > 0) {
    const before = left();
    await index.transact((txn) => sweepCompletions(txn, T0 + COMPLETION_RETENTION_MS + 100));
    assert.ok(before - left() >= 1 && before - left() <= 8, `a sweep removed ${before - left()}`);
    assert.ok(++sweeps <= 20);
  }
});
