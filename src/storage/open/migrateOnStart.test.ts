// An index written before versioning (objects without vsk, data under
// "…\0null") is migrated on start: every object becomes its key's null
// version, readable, listable by ListObjectVersions, and overwritable.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, it } from 'node:test';
import { LmdbIndex, bucketKey, objectKey, versionKey } from '../meta/index.js';
import { INDEX_DIR } from '../engine/paths.js';
import { openStorage, prepareStorage } from './index.js';

const signal = new AbortController().signal;
let dir = '';
after(() => rm(dir, { recursive: true, force: true }));

it('migrates schema-1 objects to null versions, once', async () => {
  dir = await mkdtemp(join(tmpdir(), 'lode-migrate-'));
  await prepareStorage([dir]);
  const bytes = Buffer.from('written by an older Lode');
  const index = LmdbIndex.open(join(dir, INDEX_DIR));
  await index.transact((txn) => {
    txn.put('buckets', bucketKey('old'), { v: 1, name: 'old', createdMs: 1_700_000_000_000, region: 'us-east-1' });
    for (const key of ['a', 'b/c']) {
      // The schema-1 record shape: no vsk.
      const legacy = {
        v: 1,
        versionId: 'null',
        sizeBytes: bytes.length,
        etag: createHash('md5').update(bytes).digest('hex'),
        lastModifiedMs: 1_700_000_000_000,
        metadata: { userMetadata: {} },
        storageClass: 'STANDARD',
        data: { kind: 'inline' },
      };
      txn.put('objects', objectKey('old', key), legacy as never);
      txn.put('inline', versionKey('old', key, 'null'), bytes);
    }
    txn.putSys('schema', 1);
  });
  await index.close();

  await prepareStorage([dir]); // migrates
  const engine = await openStorage(await prepareStorage([dir])); // and again does nothing
  try {
    const got = await engine.getObject({ bucket: 'old', key: 'b/c', versionId: 'null' }, signal);
    assert.deepEqual(got.bytes, bytes);
    const listed = await engine.listObjectVersions({ bucket: 'old', maxKeys: 10 }, signal);
    assert.deepEqual(
      listed.versions.map((v) => [v.key, v.versionId, v.isLatest]),
      [
        ['a', 'null', true],
        ['b/c', 'null', true],
      ],
    );
    const fresh = Buffer.from('new');
    await engine.putObject(
      {
        bucket: 'old',
        key: 'a',
        body: Readable.from([fresh]),
        digests: () => ({ md5: createHash('md5').update(fresh).digest(), sizeBytes: fresh.length }),
        sizeBytes: fresh.length,
        metadata: { userMetadata: {} },
      },
      signal,
    );
    assert.equal((await engine.listObjectVersions({ bucket: 'old', prefix: 'a', maxKeys: 10 }, signal)).versions.length, 1);
  } finally {
    await engine.close();
  }
  const check = LmdbIndex.open(join(dir, INDEX_DIR));
  assert.equal(check.get('inline', versionKey('old', 'b/c', 'null')), undefined, 'the old data key is gone');
  assert.equal(check.getSys('schema'), 2);
  await check.close();
});
