// Unlinking files that no record references any more. Runs after the
// transaction that dropped them is durable (never before: a power loss could
// bring the old record back without its file), in the background so the
// client does not wait for it; close() waits for what is in flight. A failure
// leaves the `garbage` entry for the next prepareStorage.
import type { Drive } from '../drive/index.js';
import { fileKey, type MetaIndex } from '../meta/index.js';

export class Reclaimer {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly drive: Drive,
    private readonly index: MetaIndex,
    private readonly onError: (err: unknown) => void,
  ) {}

  reclaim(fileIds: readonly string[]): void {
    if (fileIds.length === 0) return;
    const run: Promise<void> = this.unlinkAll(fileIds)
      .catch(this.onError)
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async unlinkAll(fileIds: readonly string[]): Promise<void> {
    await Promise.all(fileIds.map((fileId) => this.drive.remove(fileId)));
    await this.index.transact((txn) => {
      for (const fileId of fileIds) txn.remove('garbage', fileKey(fileId));
    });
  }
}
