// Streaming an object body to the client. A body that takes its chunks back
// (SegmentReadStream: pooled read buffers) gets each one back as soon as the
// socket has taken it, so a large GET cycles through a few buffers instead
// of allocating one per MiB (see util/bufferPool.ts for what that saved).
// Other bodies go through pipeline().
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ignoreLateErrors } from '../../util/lateErrors.js';

interface Recycling {
  recycle(chunk: Buffer): void;
}

/** Resolves when the whole body is on the wire; rejects (and destroys the body) if either side fails or the signal fires. */
export function sendBody(body: Readable, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const recycling = body as Readable & Partial<Recycling>;
  // The body's abort listener and ours both fire when the client goes away;
  // whichever runs last, an 'error' the body emits afterwards must land
  // somewhere (see util/lateErrors.ts).
  ignoreLateErrors(body);
  if (typeof recycling.recycle !== 'function') return pipeline(body, res, { signal });
  const recycle = (chunk: Buffer): void => recycling.recycle!(chunk);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error): void => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', settle);
      res.off('drain', onDrain);
      res.off('finish', onFinish);
      res.off('close', onClose);
      res.off('error', settle);
      signal.removeEventListener('abort', onAbort);
      if (err === undefined) return resolve();
      body.destroy();
      reject(err);
    };
    // The callback runs once the socket no longer needs the chunk (written, or the write failed).
    const onData = (chunk: Buffer): void => {
      if (!res.write(chunk, () => recycle(chunk))) body.pause();
    };
    const onDrain = (): void => void body.resume();
    const onEnd = (): void => void res.end();
    const onFinish = (): void => settle();
    const onClose = (): void => {
      if (!res.writableFinished) settle(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    const onAbort = (): void => settle(signal.reason instanceof Error ? signal.reason : new Error('The operation was aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    res.on('drain', onDrain);
    res.on('finish', onFinish);
    res.on('close', onClose);
    res.on('error', settle);
    body.on('error', settle);
    body.on('end', onEnd);
    body.on('data', onData);
  });
}
