// How LmdbIndex talks to lmdb-js: the options the environment is opened
// with (each one is there for a failure seen in practice), sys record names
// as key bytes, and range queries in lmdb-js's shape.
import { open, type RangeOptions, type RootDatabase, type RootDatabaseOptionsWithPath } from 'lmdb';
import { toDriveError } from '../io/errors.js';
import { PRIVATE_FILE_MODE } from '../io/modes.js';
import type { RangeQuery } from './MetaIndex.js';

/** Opens (creating if need be) the index environment at `path`; a failure is a drive error. */
export function openEnvironment(path: string): RootDatabase<unknown, Buffer> {
  try {
    // Every worker process takes reader slots; LMDB's default of 126 is tight for many cores.
    // eventTurnBatching off: with it, lmdb-js queues a batch-start write of
    // its own whose promise nobody awaits, so a failed commit (a full
    // drive) became an unhandled rejection that killed the worker. Writes
    // queued in one event turn still share one commit (the write thread
    // starts on setImmediate), as bench:engine's PUTs per commit show.
    // permissionsMode: lmdb-js passes it to mdb_env_open (its default is 0664); missing from its typings.
    const options: RootDatabaseOptionsWithPath & { permissionsMode: number } = {
      path,
      maxDbs: 16,
      maxReaders: 1024,
      keyEncoding: 'binary',
      eventTurnBatching: false,
      permissionsMode: PRIVATE_FILE_MODE,
    };
    const root = open<unknown, Buffer>(options);
    // Free the reader slots of processes that died (kill -9) without closing.
    root.readerCheck();
    return root;
  } catch (err) {
    throw toDriveError(err, `opening the index at ${path}`);
  }
}

/**
 * Sys record names as key bytes, made once (the generation is read on every
 * replicated write). A deliberate per-process cache: a handful of constant
 * names, the same for every index, and the bytes are never written to.
 */
const sysKeys = new Map<string, Buffer>();
export function sysKey(name: string): Buffer {
  let key = sysKeys.get(name);
  if (key === undefined) sysKeys.set(name, (key = Buffer.from(name)));
  return key;
}

/** A RangeQuery as lmdb-js takes it (absent options left out, not undefined). */
export function rangeOptions(query: RangeQuery): RangeOptions {
  return {
    start: query.start,
    end: query.end,
    ...(query.exclusiveStart === true ? { exclusiveStart: true } : {}),
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
  };
}
