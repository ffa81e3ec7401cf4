// Test support for tests that need an erasure set's insides (its replicated
// index, each replica, its drive and health): n drives in temp directories,
// prepared and opened by the storage assembly exactly as a server's are
// (prepareStorage, then openErasureSet for its one set), and reopened as a
// restart would (prepare again, open again). Lives under test/: it does not
// ship in dist/src.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LocalDrive } from '../../src/storage/drive/LocalDrive.js';
import type { Engine } from '../../src/storage/engine/Engine.js';
import { codecCache, initCodec } from '../../src/storage/erasure/codec/index.js';
import type { DriveSlotState } from '../../src/storage/erasure/SetHealth.js';
import type { HealSetTarget } from '../../src/storage/erasure/heal/index.js';
import type { LmdbIndex } from '../../src/storage/meta/LmdbIndex.js';
import type { TableName } from '../../src/storage/meta/records.js';
import { openErasureSet } from '../../src/storage/open/openErasureSet.js';
import { prepareStorage } from '../../src/storage/open/index.js';
import type { PutObjectInput } from '../../src/storage/ObjectStore.js';
import { DigestStream } from '../../src/util/digestStream.js';
import { patternBytes } from './patternBytes.js';

export { patternBytes };

export const never = new AbortController().signal;

const codecFor = codecCache();

export interface TestSetOptions {
  drives?: number;
  parity?: number;
  stripeBytes?: number;
  /** Slot states to open with instead of the ones prepare found (default: as prepared). */
  states?: DriveSlotState[];
  onDegraded?: (fileId: string, reason: string) => void;
}

export interface TestSet extends HealSetTarget {
  base: string;
  roots: string[];
  /** Each slot's own index as opened. */
  replicas: ReadonlyArray<LmdbIndex | undefined>;
  engine: Engine;
  /** Waits for background unlinks and closes the indexes (the drives' files stay). */
  close(): Promise<void>;
  /** close(), then prepare and open the same directories again: what a restart does. */
  reopen(options?: TestSetOptions): Promise<TestSet>;
  /** close() and delete everything. */
  dispose(): Promise<void>;
}

export async function createTestSet(options: TestSetOptions = {}): Promise<TestSet> {
  await initCodec();
  const base = await mkdtemp(join(tmpdir(), 'lode-heal-'));
  const roots = Array.from({ length: options.drives ?? 6 }, (_, i) => join(base, `d${i}`));
  return openTestSet(base, roots, options);
}

async function openTestSet(base: string, roots: string[], options: TestSetOptions): Promise<TestSet> {
  const parity = options.parity ?? 2;
  const plan = await prepareStorage(roots, { setSize: roots.length, parity: { standard: parity, reducedRedundancy: 1 } });
  const slots = plan.slots[0]!.map((slot, i) => {
    const state = options.states?.[i];
    return state === undefined ? slot : { path: slot.path!, driveId: slot.driveId, ...state };
  });
  const { set, replicas } = openErasureSet(0, slots, {
    layout: plan.layout,
    codecFor,
    inlineThresholdBytes: 4096,
    stripeBytes: options.stripeBytes ?? 64 * 1024,
    // Background work must not fail in these tests; drive state changes are what they provoke.
    onError: (err) => assert.fail(err instanceof Error ? err : String(err)),
    onDriveChange: () => undefined,
    ...(options.onDegraded !== undefined ? { onDegraded: (_set, fileId, reason) => options.onDegraded?.(fileId, reason) } : {}),
  });
  const close = (): Promise<void> => set.engine.close();
  return {
    ...set,
    base,
    roots,
    replicas,
    close,
    reopen: async (next = {}) => {
      await close();
      return openTestSet(base, roots, { ...options, ...next });
    },
    dispose: async () => {
      await close();
      await rm(base, { recursive: true, force: true });
    },
  };
}

export function putInput(bucket: string, key: string, bytes: Buffer, extra: Partial<PutObjectInput> = {}): PutObjectInput {
  const digest = new DigestStream({});
  Readable.from(bytes.length === 0 ? [] : [bytes]).pipe(digest);
  return { bucket, key, body: digest, digests: () => digest.result(), sizeBytes: bytes.length, metadata: { userMetadata: {} }, ...extra };
}

/** A body for UploadPart. */
export function partBody(bytes: Buffer): { body: Readable; digests: PutObjectInput['digests']; sizeBytes: number } {
  const { body, digests, sizeBytes } = putInput('', '', bytes);
  return { body, digests, sizeBytes: sizeBytes ?? bytes.length };
}

export async function getBytes(set: TestSet, bucket: string, key: string): Promise<Buffer> {
  const { body } = await set.engine.getObject({ bucket, key }, never);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Where slot `slot` keeps its shard of `fileId` (these drives are local directories). */
export function shardPath(set: TestSet, slot: number, fileId: string): string {
  return new LocalDrive(set.roots[slot]!).pathOf(fileId);
}

/** Every slot's shard file bytes (undefined where there is none). */
export async function shardBytes(set: TestSet, fileId: string): Promise<Array<Buffer | undefined>> {
  return Promise.all(set.roots.map((_, slot) => readFile(shardPath(set, slot, fileId)).catch(() => undefined)));
}

/** Every data file id the set's index references. */
export function fileIds(set: TestSet): string[] {
  return [...set.index.keysOf('files', { start: Buffer.alloc(0), end: Buffer.from([0xff]) })].map((k) => k.toString('latin1'));
}

/** A table of one replica, raw, as comparable strings. */
export function dumpTable(replica: LmdbIndex | undefined, table: TableName): string[] {
  assert.ok(replica !== undefined, 'the replica is open');
  return [...replica.rangeRaw(table, { start: Buffer.alloc(0), end: Buffer.from([0xff]) })].map(
    (e) => `${e.key.toString('hex')}=${e.raw.toString('hex')}`,
  );
}

export const REPLICATED_TABLES: readonly TableName[] = [
  'buckets',
  'objects',
  'versions',
  'nulls',
  'inline',
  'layouts',
  'uploads',
  'parts',
  'completed',
  'files',
];
