// Listing a bucket of a million keys, measured on the engine itself (loading
// a million objects through S3 would take most of the run on two cores):
// a prepared data directory, the store opened in process, `count` empty
// objects put with many in flight (keys d0042/k0042123: 1000 directories of
// 1000), then the first page under a prefix timed (median of several
// prefixes spread over the bucket), and one full walk by pages of 1000.
import { setMaxListeners } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createObjectStore, type ObjectStore } from '../../src/storage/index.js';
import { median } from './stats.js';

export interface MillionKeysResult {
  keys: number;
  loadSeconds: number;
  loadKeysPerSecond: number;
  /** Median ms of the first page (up to 1000 keys) under a directory prefix, no delimiter. */
  firstPageUnderPrefixMs: number;
  /** The same with delimiter '/'. */
  firstPageUnderPrefixDelimiterMs: number;
  /** Median ms of the top-level page with delimiter '/' (1000 common prefixes, one seek each). */
  topLevelDelimiterPageMs: number;
  /** Keys per second of one walk over the whole bucket by pages of 1000 (or as far as WALK_LIMIT_MS allows). */
  walkKeysPerSecond: number;
  walkedKeys: number;
}

const BUCKET = 'million';
const IN_FLIGHT = 256;
const KEYS_PER_DIR = 1000;
const SAMPLES = 21;
const WALK_LIMIT_MS = 60_000;
/** The MD5 of zero bytes: every object here is empty. */
const EMPTY_MD5 = Buffer.from('d41d8cd98f00b204e9800998ecf8427e', 'hex');

function keyOf(i: number): string {
  return `d${String(Math.floor(i / KEYS_PER_DIR)).padStart(4, '0')}/k${String(i).padStart(7, '0')}`;
}

function emptyBody(): Readable {
  return new Readable({
    read() {
      this.push(null);
    },
  });
}

async function load(store: ObjectStore, count: number, signal: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      await store.putObject(
        {
          bucket: BUCKET,
          key: keyOf(i),
          body: emptyBody(),
          digests: () => ({ md5: EMPTY_MD5, sizeBytes: 0 }),
          sizeBytes: 0,
          metadata: { userMetadata: {} },
        },
        signal,
      );
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function measureMillionKeys(count: number): Promise<MillionKeysResult> {
  const dir = await mkdtemp(join(tmpdir(), 'lode-bench-million-'));
  const signal = new AbortController().signal;
  setMaxListeners(0, signal); // every put in flight listens on it
  try {
    const store = await createObjectStore([dir]);
    try {
      await store.createBucket({ bucket: BUCKET, region: 'us-east-1' }, signal);
      const loadStart = performance.now();
      await load(store, count, signal);
      const loadSeconds = (performance.now() - loadStart) / 1000;

      const dirs = Math.ceil(count / KEYS_PER_DIR);
      const prefixes = Array.from({ length: SAMPLES }, (_, i) => `d${String(Math.floor(((i + 0.5) * dirs) / SAMPLES)).padStart(4, '0')}/`);
      const list = (prefix: string, delimiter?: string) => () =>
        store.listObjects({ bucket: BUCKET, prefix, maxKeys: 1000, ...(delimiter === undefined ? {} : { delimiter }) }, signal);
      await list(prefixes[0] ?? '')(); // warm the code path once
      const plain: number[] = [];
      const delimited: number[] = [];
      const top: number[] = [];
      for (const prefix of prefixes) plain.push(await timeMs(list(prefix)));
      for (const prefix of prefixes) delimited.push(await timeMs(list(prefix, '/')));
      for (let i = 0; i < 5; i++) top.push(await timeMs(list('', '/')));

      let walkedKeys = 0;
      const walkStart = performance.now();
      let startAfter: string | undefined;
      do {
        const page = await store.listObjects(
          { bucket: BUCKET, maxKeys: 1000, ...(startAfter === undefined ? {} : { startAfter }) },
          signal,
        );
        walkedKeys += page.objects.length;
        startAfter = page.isTruncated ? page.nextStartAfter : undefined;
      } while (startAfter !== undefined && performance.now() - walkStart < WALK_LIMIT_MS);
      const walkSeconds = (performance.now() - walkStart) / 1000;

      return {
        keys: count,
        loadSeconds,
        loadKeysPerSecond: count / loadSeconds,
        firstPageUnderPrefixMs: median(plain),
        firstPageUnderPrefixDelimiterMs: median(delimited),
        topLevelDelimiterPageMs: median(top),
        walkKeysPerSecond: walkedKeys / walkSeconds,
        walkedKeys,
      };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
