// AbortSignal helpers: the reason the caller aborted with, as an Error.

export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(`The operation was aborted${reason === undefined ? '' : `: ${String(reason)}`}.`);
  err.name = 'AbortError';
  return err;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortReason(signal);
}
