// Test support for the heal tests (not a test itself): an erasure set of n
// drives in temp directories, wired as openErasureStore wires one (a
// ReplicatedIndex over the drives' LMDB indexes, an ErasureSetDrive, an
// Engine on both), that can be closed and reopened as a restart would.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LocalDrive } from '../../drive/LocalDrive.js';
import { Engine } from '../../engine/Engine.js';
import { INDEX_DIR } from '../../engine/paths.js';
import { Reclaimer } from '../../engine/reclaim.js';
import { LmdbIndex } from '../../meta/LmdbIndex.js';
import { ReplicatedIndex } from '../../meta/ReplicatedIndex.js';
import type { TableName } from '../../meta/records.js';
import type { PutObjectInput } from '../../ObjectStore.js';
import { DigestStream } from '../../../util/digestStream.js';
import { codecCache, initCodec } from '../codec/index.js';
import { ErasureSetDrive } from '../ErasureSetDrive.js';
import { writeQuorumOf } from '../geometry.js';
import { SetHealth, type DriveSlotState } from '../SetHealth.js';
import type { HealSetTarget } from './healSet.js';

export const never = new AbortController().signal;

export const codecFor = codecCache();

export interface TestSetOptions {
  drives?: number;
  parity?: number;
  stripeBytes?: number;
  /** Initial state per slot (default all 'ok'). */
  states?: DriveSlotState[];
  onDegraded?: (fileId: string, reason: string) => void;
}

export interface TestSet extends HealSetTarget {
  base: string;
  roots: string[];
  replicas: LmdbIndex[];
  engine: Engine;
  /** Closes the indexes (the drives' files stay). */
  close(): Promise<void>;
  /** close() and open the same directories again, with these slot states: what a restart does. */
  reopen(options?: TestSetOptions): Promise<TestSet>;
  /** close() and delete everything. */
  dispose(): Promise<void>;
}

/** The directories a formatted drive has. */
export async function formatDir(root: string): Promise<void> {
  await mkdir(join(root, '.lode', 'tmp'), { recursive: true });
  await mkdir(join(root, INDEX_DIR), { recursive: true });
  await mkdir(join(root, 'data'), { recursive: true });
  await writeFile(join(root, '.lode', 'format.json'), '{}');
}

export async function createTestSet(options: TestSetOptions = {}): Promise<TestSet> {
  await initCodec();
  const base = await mkdtemp(join(tmpdir(), 'lode-heal-'));
  const roots = Array.from({ length: options.drives ?? 6 }, (_, i) => join(base, `d${i}`));
  for (const root of roots) await formatDir(root);
  return openTestSet(base, roots, options);
}

function openTestSet(base: string, roots: string[], options: TestSetOptions): TestSet {
  const parity = options.parity ?? 2;
  const health = new SetHealth(roots, options.states ?? roots.map(() => ({ state: 'ok' as const })));
  const replicas = roots.map((root) => LmdbIndex.open(join(root, INDEX_DIR)));
  const index = new ReplicatedIndex(replicas, health, writeQuorumOf(roots.length - parity, parity));
  const drive = new ErasureSetDrive({
    setIndex: 0,
    drives: roots.map((r) => new LocalDrive(r)),
    health,
    parity: { standard: parity, reducedRedundancy: 1 },
    stripeBytes: options.stripeBytes ?? 64 * 1024,
    codecFor,
    ...(options.onDegraded !== undefined ? { onDegraded: options.onDegraded } : {}),
  });
  const reclaimer = new Reclaimer(drive, index, (err) => assert.fail(err instanceof Error ? err : String(err)));
  const engine = new Engine({ index, drive, inlineThresholdBytes: 4096, reclaimer }, { deploymentId: 'test', driveId: 'set-1' });
  const close = async (): Promise<void> => {
    await reclaimer.drain();
    await index.close();
  };
  return {
    setIndex: 0,
    base,
    roots,
    health,
    replicas,
    index,
    drive,
    engine,
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

/** Deterministic bytes, distinct per seed. */
export function patternBytes(sizeBytes: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(sizeBytes);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < sizeBytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

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
export function dumpTable(replica: LmdbIndex, table: TableName): string[] {
  return [...replica.rangeRaw(table, { start: Buffer.alloc(0), end: Buffer.from([0xff]) })].map((e) => `${e.key.toString('hex')}=${e.raw.toString('hex')}`);
}

export const REPLICATED_TABLES: readonly TableName[] = ['buckets', 'objects', 'versions', 'nulls', 'inline', 'layouts', 'uploads', 'parts', 'completed', 'files'];
