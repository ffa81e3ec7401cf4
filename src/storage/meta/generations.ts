// A replica's generation is a watermark: it holds the effects of every
// replicated transaction up to that generation. Replays may land out of
// order, so one ahead of the watermark waits in `pendingGenerations` until
// the gap fills. A replica that missed transactions (it was away) never fills
// the gap and stays behind until heal catches it up; it keeps at most
// MAX_PENDING_GENERATIONS waiting.

/** Replays a replica may hold ahead of its watermark (far more than the transactions ever in flight at once). */
const MAX_PENDING_GENERATIONS = 4096;

/**
 * The watermark and waiting list after `applied` generations landed on a
 * replica at `current` with `pending` waiting; `pending` in the answer is
 * undefined when the stored list needs no write.
 */
export function advanceWatermark(
  current: number,
  pending: readonly number[],
  applied: readonly number[],
): { generation: number; pending: number[] | undefined } {
  const waiting = new Set(pending);
  for (const g of applied) if (g > current && g - current <= MAX_PENDING_GENERATIONS) waiting.add(g);
  let watermark = current;
  while (waiting.delete(watermark + 1)) watermark++;
  let rest: number[] | undefined;
  if (waiting.size !== pending.length || watermark !== current) {
    const left = [...waiting].filter((g) => g > watermark);
    if (left.length > 0 || pending.length > 0) rest = left;
  }
  return { generation: watermark, pending: rest };
}
