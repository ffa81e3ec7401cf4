// The condition of an index's drive as its writes find it. The single-drive
// engine reports it (admin info), so an operator sees a full or read-only
// drive without reading logs.
import { StoreError } from '../StoreError.js';

/** How this process last found the index's drive when writing (the single-drive engine reports it). */
export interface IndexCondition {
  state: 'ok' | 'full' | 'readonly' | 'failed';
  reason?: string;
}

/** The condition a failed write reveals, or undefined when the error says nothing about the drive. */
export function conditionAfter(err: unknown): IndexCondition | undefined {
  if (!(err instanceof StoreError)) return undefined;
  const state =
    err.code === 'DriveFull' ? 'full' : err.code === 'DriveReadOnly' ? 'readonly' : err.code === 'DriveFailed' ? 'failed' : undefined;
  return state === undefined ? undefined : { state, reason: err.message };
}
