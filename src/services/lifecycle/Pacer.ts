// Paces a pass's store calls to at most `maxOpsPerSecond`, so that the
// background scanner never crowds out requests.
import { setTimeout as sleep } from 'node:timers/promises';

export class Pacer {
  private startMs = Date.now();
  private calls = 0;

  constructor(
    private readonly maxOpsPerSecond: number,
    private readonly signal: AbortSignal,
  ) {}

  /** Waits until the next call is within the budget; rejects as soon as the signal aborts. */
  async next(): Promise<void> {
    const rate = this.maxOpsPerSecond;
    if (rate === Infinity) return;
    this.calls++;
    const waitMs = this.startMs + (this.calls * 1000) / rate - Date.now();
    if (waitMs > 0) {
      await sleep(waitMs, undefined, { signal: this.signal });
    } else if (waitMs < -1000) {
      // Far behind (a slow store): start the budget over rather than race to catch up.
      this.startMs = Date.now();
      this.calls = 0;
    }
  }
}
