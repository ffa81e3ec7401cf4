// Streams whose outcome has already been decided.
//
// A stream destroyed with an error emits 'error' on a later tick. When the
// consumer has already settled (the response is finished, or failed and was
// answered), it removes its listeners; if the stream is destroyed by its own
// abort-signal listener in the same tick, that late 'error' has no listener
// and Node turns it into an uncaught exception that kills the process. A
// response body the client walked away from is exactly that case.
//
// The owner of such a stream calls this when it stops caring: later errors
// are expected (client gone, store closed) and carry no news, so they are
// dropped here deliberately rather than by a process-wide handler.

import type { Stream } from 'node:stream';

const ignore = (): void => undefined;
// Deliberately per process: a mark on each stream (held weakly, so it goes
// with the stream) that it already has the listener; it carries nothing
// between owners but that fact about the stream itself.
const guarded = new WeakSet<Stream>();

/** Keeps a listener on 'error' for the rest of the stream's life; safe to call more than once. */
export function ignoreLateErrors(stream: Stream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', ignore);
}
