// Reading a request body into the store: small bodies into memory (they go
// inline into the index record), larger ones streamed to a staging file in
// IO_CHUNK_BYTES batches, then fsynced and moved into data/. Only whole,
// verified bodies come out of here: if the body errors (its error is
// rethrown unchanged), runs past or stops short of its declared size, or the
// signal fires, nothing stays behind and nothing is committed.
import type { Readable } from 'node:stream';
import type { BodyDigests } from '../ObjectStore.js';
import { StoreError } from '../StoreError.js';
import type { Drive, StagedFile } from '../drive/index.js';
import type { DataPart } from '../meta/index.js';
import { abortReason, throwIfAborted } from './abort.js';
import { IO_CHUNK_BYTES } from './context.js';

export type IngestedBody =
  | { kind: 'inline'; bytes: Buffer; digests: BodyDigests }
  /** Committed to data/ but referenced by nothing yet: the caller must reference it or remove it. */
  | { kind: 'file'; part: DataPart; digests: BodyDigests };

export interface IngestInput {
  body: Readable;
  digests: () => BodyDigests;
  sizeBytes?: number;
  /** Bodies up to this size stay in memory; -1 always writes a file. */
  inlineLimitBytes: number;
  /** Passed to the drive, which may store more or less redundancy for it. */
  storageClass?: string;
}

export async function ingestBody(drive: Drive, input: IngestInput, signal: AbortSignal): Promise<IngestedBody> {
  throwIfAborted(signal);
  const { body, sizeBytes: declared, inlineLimitBytes: limit } = input;
  const stageOptions = input.storageClass !== undefined ? { storageClass: input.storageClass } : {};
  let staged: StagedFile | undefined;
  let held: Buffer[] = [];
  let heldBytes = 0;
  let totalBytes = 0;
  let writing: Promise<void> | undefined;
  const onAbort = (): void => void body.destroy(abortReason(signal));
  signal.addEventListener('abort', onAbort, { once: true });
  // The body may fail while we are not reading it yet (staging file being
  // created): keep that from being an uncaught 'error' event. The stream
  // remembers the error and the loop below rethrows it, unchanged.
  const onError = (): void => undefined;
  body.on('error', onError);
  try {
    // Known to be large: no point holding the first bytes in memory.
    if (declared !== undefined && declared > limit) staged = await drive.stage(stageOptions);
    for await (const raw of body as AsyncIterable<unknown>) {
      const chunk = toBuffer(raw);
      totalBytes += chunk.length;
      if (declared !== undefined && totalBytes > declared) throw incompleteBody(totalBytes, declared);
      held.push(chunk);
      heldBytes += chunk.length;
      if (staged === undefined) {
        if (heldBytes <= limit) continue;
        staged = await drive.stage(stageOptions); // larger than the index takes: spill
      }
      if (heldBytes >= IO_CHUNK_BYTES) {
        // Write this batch while the next one arrives; at most one in flight.
        await writing;
        writing = staged.append(held);
        writing.catch(() => undefined); // awaited later; do not report it unhandled meanwhile
        held = [];
        heldBytes = 0;
      }
    }
    if (declared !== undefined && totalBytes !== declared) throw incompleteBody(totalBytes, declared);
    const digests = input.digests();
    if (staged === undefined && limit >= 0) {
      throwIfAborted(signal);
      return { kind: 'inline', bytes: held.length === 1 && held[0] !== undefined ? held[0] : Buffer.concat(held, heldBytes), digests };
    }
    staged ??= await drive.stage(stageOptions); // an empty body that must still be a file
    await writing;
    writing = undefined;
    if (heldBytes > 0) await staged.append(held);
    throwIfAborted(signal);
    return { kind: 'file', part: await staged.commit(), digests };
  } catch (err) {
    await writing?.catch(() => undefined);
    await staged?.discard();
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
    body.off('error', onError);
  }
}

function incompleteBody(gotBytes: number, declaredBytes: number): StoreError {
  return new StoreError(
    'IncompleteBody',
    `You did not provide the number of bytes specified by the Content-Length HTTP header: got ${gotBytes > declaredBytes ? 'more than' : gotBytes} of ${declaredBytes}.`,
  );
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('Object bodies must be byte streams (Buffer chunks).');
}
