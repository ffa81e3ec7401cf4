// Indexes written before versioning (schema 1) have `objects` records
// without a vsk and no `versions` records. This gives each such object a
// versions record (it becomes the key's null version) and moves its inline
// bytes / part layout from the key "…\0null" to its data key. The vsk is
// derived from the record alone (its time, a zero tail), so every replica of
// an erasure set migrates to identical bytes on its own. Run once per drive,
// by the primary, before workers open the index; idempotent.
import { fileKey, objectKey, versionKey, type MetaIndex, type ObjectRecord } from '../meta/index.js';
import { NULL_VERSION, nextVsk } from './versions.js';

const SCHEMA = 2;
const BATCH = 500;

/** Returns how many objects were migrated. */
export async function migrateIndex(index: MetaIndex): Promise<number> {
  if ((index.getSys('schema') ?? 0) >= SCHEMA) return 0;
  let migrated = 0;
  let after: Buffer | undefined;
  for (;;) {
    const page = [
      ...index.range(
        'objects',
        after === undefined
          ? { start: Buffer.alloc(0), end: Buffer.from([0xff]), limit: BATCH }
          : { start: after, end: Buffer.from([0xff]), exclusiveStart: true, limit: BATCH },
      ),
    ];
    if (page.length === 0) break;
    migrated += await index.transact((txn) => {
      let count = 0;
      for (const { key } of page) {
        const legacy = txn.get('objects', key) as (Omit<ObjectRecord, 'vsk'> & { vsk?: string }) | undefined;
        if (legacy === undefined || legacy.vsk !== undefined) continue;
        const sep = key.indexOf(0);
        const bucket = key.subarray(0, sep).toString('utf8');
        const name = key.subarray(sep + 1).toString('utf8');
        const record: ObjectRecord = { ...legacy, versionId: NULL_VERSION, vsk: nextVsk(legacy.lastModifiedMs, undefined, '00000000') };
        const oldKey = versionKey(bucket, name, NULL_VERSION);
        const newKey = versionKey(bucket, name, record.vsk);
        const inline = txn.get('inline', oldKey);
        if (inline !== undefined) {
          txn.put('inline', newKey, inline);
          txn.remove('inline', oldKey);
        }
        const layout = txn.get('layouts', oldKey);
        if (layout !== undefined) {
          txn.put('layouts', newKey, layout);
          txn.remove('layouts', oldKey);
        }
        const fileIds = record.data.kind === 'parts' ? record.data.parts.map((p) => p.fileId) : (layout?.parts ?? []).map((p) => p.fileId);
        for (const fileId of fileIds) txn.put('files', fileKey(fileId), { owner: 'object', bucket, key: name, versionId: record.vsk });
        txn.put('objects', objectKey(bucket, name), record);
        txn.put('versions', newKey, record);
        count++;
      }
      return count;
    });
    after = page[page.length - 1]!.key;
  }
  await index.transact((txn) => txn.putSys('schema', SCHEMA));
  return migrated;
}
