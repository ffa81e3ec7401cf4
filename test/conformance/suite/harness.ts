// Shared pieces of the ObjectStore conformance suite: the factory contract
// every engine implements, and helpers to build bodies the way the S3 layer
// does (through a real DigestStream) and to read results back.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { Readable } from 'node:stream';
import type {
  BodyDigests,
  ChecksumAlgorithm,
  ObjectMetadata,
  ObjectStore,
  PutObjectInput,
  StoreErrorCode,
} from '../../../src/storage/index.js';
import { isStoreError } from '../../../src/storage/index.js';
import { DigestStream, type DigestStreamOptions } from '../../../src/util/digestStream.js';
import { patternBytes } from '../../support/patternBytes.js';

export { patternBytes };

export interface StoreSubject {
  store: ObjectStore;
  /** Closes the store and opens it again on the same data (what a restart does). */
  reopen(): Promise<ObjectStore>;
  /** Index entries visited so far, when the engine can count them (listing cost checks). */
  entriesVisited?: () => number;
  /** Closes whatever store is current and deletes the data. */
  dispose(): Promise<void>;
}

export interface StoreFactory {
  name: string;
  /** A fresh, empty store. */
  create(): Promise<StoreSubject>;
  /** Objects up to this size are expected to be stored inline (for picking test sizes). */
  inlineThresholdBytes: number;
  /** Ordered indexes a listing page walks (erasure sets × replicas): a page costs this many times its size. Default 1. */
  indexWalksPerPage?: number;
}

/** A signal that never fires, shared by many concurrent calls (hence no listener limit). */
export const never = new AbortController().signal;
setMaxListeners(0, never);
export const MiB = 1024 * 1024;

export function metadata(user: Record<string, string> = {}): ObjectMetadata {
  return { userMetadata: user };
}

export interface Body {
  body: Readable;
  digests: () => BodyDigests;
  sizeBytes: number;
}

/** The bytes as the S3 layer hands them over: chunked through a DigestStream. */
export function bodyOf(
  bytes: Buffer,
  options: { chunkBytes?: number; checksumAlgorithm?: ChecksumAlgorithm; digest?: DigestStreamOptions } = {},
): Body {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) chunks.push(bytes.subarray(i, i + chunkBytes));
  const digest = new DigestStream({
    ...(options.checksumAlgorithm !== undefined ? { checksumAlgorithm: options.checksumAlgorithm } : {}),
    ...options.digest,
  });
  Readable.from(chunks).pipe(digest);
  return { body: digest, digests: () => digest.result(), sizeBytes: bytes.length };
}

export function putInput(bucket: string, key: string, bytes: Buffer, extra: Partial<PutObjectInput> = {}): PutObjectInput {
  return { bucket, key, ...bodyOf(bytes), metadata: metadata(), ...extra };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export async function getBytes(store: ObjectStore, bucket: string, key: string): Promise<Buffer> {
  return readAll((await store.getObject({ bucket, key }, never)).body);
}

export function md5Hex(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

export { randomBytes };

export async function rejectsWith(promise: Promise<unknown>, code: StoreErrorCode): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isStoreError(err), `expected StoreError ${code}, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

/** A fresh bucket name per test, so tests never see each other's data. */
let bucketCounter = 0;
export async function newBucket(store: ObjectStore): Promise<string> {
  const bucket = `bucket-${process.pid}-${++bucketCounter}`;
  await store.createBucket({ bucket, region: 'us-east-1' }, never);
  return bucket;
}

/** Runs `fn` on a fresh subject and disposes of it afterwards. */
export async function withStore(factory: StoreFactory, fn: (subject: StoreSubject) => Promise<void>): Promise<void> {
  const subject = await factory.create();
  try {
    await fn(subject);
  } finally {
    await subject.dispose();
  }
}
