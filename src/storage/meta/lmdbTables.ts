// The named databases of an LMDB index environment, one per table, opened
// twice: decoding values (what the engine reads and writes) and raw (the
// stored bytes, which replicas compare and copy).
import type { Database, RootDatabase } from 'lmdb';
import type { TableName, TableValues } from './records.js';

export type Tables = { [T in TableName]: Database<TableValues[T], Buffer> };
/** The same tables opened a second time without decoding: raw value bytes, for comparing replicas. */
export type RawTables = { [T in TableName]: Database<Buffer, Buffer> };

export function openTables(root: RootDatabase<unknown, Buffer>): Tables {
  // Plain MessagePack maps (no msgpackr record extension): a stable on-disk
  // format that does not depend on state shared between records.
  const msgpack = { useRecords: false };
  const table = <T extends TableName>(name: T): Database<TableValues[T], Buffer> =>
    root.openDB<TableValues[T], Buffer>(
      name === 'inline' ? { name, keyEncoding: 'binary', encoding: 'binary' } : { name, keyEncoding: 'binary', ...msgpack },
    );
  return {
    buckets: table('buckets'),
    objects: table('objects'),
    versions: table('versions'),
    nulls: table('nulls'),
    inline: table('inline'),
    layouts: table('layouts'),
    uploads: table('uploads'),
    parts: table('parts'),
    completed: table('completed'),
    files: table('files'),
    garbage: table('garbage'),
    sys: table('sys'),
  };
}

export function openRawTables(root: RootDatabase<unknown, Buffer>): RawTables {
  const raw = (name: TableName): Database<Buffer, Buffer> =>
    root.openDB<Buffer, Buffer>({ name, keyEncoding: 'binary', encoding: 'binary' });
  return {
    buckets: raw('buckets'),
    objects: raw('objects'),
    versions: raw('versions'),
    nulls: raw('nulls'),
    inline: raw('inline'),
    layouts: raw('layouts'),
    uploads: raw('uploads'),
    parts: raw('parts'),
    completed: raw('completed'),
    files: raw('files'),
    garbage: raw('garbage'),
    sys: raw('sys'),
  };
}
