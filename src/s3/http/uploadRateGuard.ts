// Cuts uploads that trickle. A client sending a byte every few seconds
// never trips the idle-socket timeout, yet holds a worker's staging file, a
// connection and memory for as long as it likes; enough of them exhaust the
// node. Every `windowMs` the guard compares the bytes the socket received
// in that window with `minBytesPerSecond`; a request still receiving its
// body below that rate is answered RequestTimeout (as S3 answers a client
// that stalls) and its connection closed, which fails its body stream so
// nothing is stored.
//
// Only the client's slowness counts: when the server is the bottleneck (the
// request stream holds unread bytes, because the drive is slow), the window
// is not judged.
import type { IncomingMessage } from 'node:http';

export interface UploadRateLimits {
  minBytesPerSecond: number;
  windowMs: number;
}

/** Watches `req` until its body has arrived (or it closes); calls `onTooSlow` once if the client trickles. Returns a stop function. */
export function guardUploadRate(req: IncomingMessage, limits: UploadRateLimits, onTooSlow: (bytesPerSecond: number) => void): () => void {
  // Most requests (GET, HEAD, DELETE, small PUTs whose body came with the
  // headers) have nothing to judge: no timer, no listener for them.
  if (limits.minBytesPerSecond <= 0 || req.complete || !declaresBody(req)) return () => undefined;
  const socket = req.socket;
  let lastBytes = socket.bytesRead;
  const timer = setInterval(() => {
    if (req.complete || socket.destroyed) return stop();
    const bytes = socket.bytesRead;
    const received = bytes - lastBytes;
    lastBytes = bytes;
    if (req.readableLength > 0 || req.isPaused()) return; // we are the slow side
    const rate = received / (limits.windowMs / 1000);
    if (rate < limits.minBytesPerSecond) {
      stop();
      onTooSlow(rate);
    }
  }, limits.windowMs);
  timer.unref();
  const stop = (): void => clearInterval(timer);
  req.once('close', stop);
  return stop;
}

/** A body is coming: a non-zero Content-Length, or chunked transfer encoding. */
function declaresBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}
