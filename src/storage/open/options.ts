// What a process may choose when it opens a prepared plan (the plan itself
// says which drives, the options how to serve them).

export interface StorageOptions {
  /** Objects up to this size are stored in the index record (default 128 KiB, at most 1 MiB). */
  inlineThresholdBytes?: number;
  /** Bytes of object data per erasure stripe (multi-drive only). */
  stripeBytes?: number;
  /** Failures of background work (unlinking replaced files, drive state changes); default: process.emitWarning. */
  onBackgroundError?: (err: unknown) => void;
  /** Where background healing reports (the process's logger). */
  log?: (message: string) => void;
  /** Run the background scanner in this process (one process per node). */
  runScanner?: boolean;
  /** Objects the scanner looks at per second (default 50; 0 turns it off). */
  scanObjectsPerSecond?: number;
}

export const MAX_INLINE_THRESHOLD_BYTES = 1024 * 1024;

export function backgroundErrorHandler(options: StorageOptions): (err: unknown) => void {
  return options.onBackgroundError ?? ((err: unknown) => process.emitWarning(err instanceof Error ? err : new Error(String(err))));
}
