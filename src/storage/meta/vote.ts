// The vote over the replicas' copies of one key: the bytes most online
// replicas hold win (absence counts as a value, so deletes win too).

/** The candidate whose copy of the winning value to decode, or undefined when absence wins. */
export function vote<C extends { replica: number; raw: Buffer | undefined }>(candidates: readonly C[]): C | undefined {
  // The healthy case first: every replica holds the same bytes.
  const first = candidates[0];
  if (first === undefined) return undefined;
  let unanimous = true;
  for (let i = 1; i < candidates.length && unanimous; i++) unanimous = sameBytes(first.raw, candidates[i]!.raw);
  if (unanimous) return first.raw === undefined ? undefined : first;
  const tallies: Array<{ candidate: C; votes: number }> = [];
  for (const c of candidates) {
    const same = tallies.find((t) => sameBytes(t.candidate.raw, c.raw));
    if (same === undefined) tallies.push({ candidate: c, votes: 1 });
    else same.votes++;
  }
  // Most votes wins; on a tie, a present value over absence (an unfinished
  // delete is retried by heal; a vanished acknowledged write would be loss).
  tallies.sort((a, b) => b.votes - a.votes || (a.candidate.raw === undefined ? 1 : 0) - (b.candidate.raw === undefined ? 1 : 0));
  const winner = tallies[0];
  return winner === undefined || winner.candidate.raw === undefined ? undefined : winner.candidate;
}

export function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined ? b === undefined : b !== undefined && a.equals(b);
}
