// Pages of the union of the replicas' keys of one table, so that heal never
// holds an LMDB read cursor across an await (a long-lived read transaction
// would keep every page it saw from being reused by writers).
import type { TableName } from '../../meta/index.js';
import type { ReplicatedIndex } from '../../meta/ReplicatedIndex.js';

export const PAGE_KEYS = 256;

export interface KeyRange {
  start: Buffer;
  end: Buffer;
}

/** Everything: keys are UTF-8 or hex, never starting with 0xff. */
export const ALL_KEYS: KeyRange = { start: Buffer.alloc(0), end: Buffer.from([0xff]) };

export async function walkKeys(
  index: ReplicatedIndex,
  table: TableName,
  range: KeyRange,
  signal: AbortSignal,
  onPage: (keys: Buffer[]) => Promise<void>,
): Promise<void> {
  let after: Buffer | undefined;
  for (;;) {
    signal.throwIfAborted();
    const page = [
      ...index.keysOf(
        table,
        after === undefined
          ? { start: range.start, end: range.end, limit: PAGE_KEYS }
          : { start: after, end: range.end, exclusiveStart: true, limit: PAGE_KEYS },
      ),
    ];
    if (page.length === 0) return;
    await onPage(page);
    after = page[page.length - 1]!;
  }
}

/** Runs `fn` over `items` with at most `concurrency` in flight, in order of start. */
export async function forEachLimited<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
