// Percentiles and medians.

/** Nearest-rank percentile (p in 0..100) of values; NaN when empty. Sorts a copy. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Median of the finite values (mean of the middle two for an even count); NaN when none. */
export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = Math.floor(finite.length / 2);
  if (finite.length % 2 === 1) return finite[mid] ?? Number.NaN;
  return ((finite[mid - 1] ?? 0) + (finite[mid] ?? 0)) / 2;
}

/** A growable list of latencies in ms, without boxing each sample. */
export class LatencyLog {
  private samples = new Float64Array(4096);
  private count = 0;

  add(ms: number): void {
    if (this.count === this.samples.length) {
      const bigger = new Float64Array(this.samples.length * 2);
      bigger.set(this.samples);
      this.samples = bigger;
    }
    this.samples[this.count++] = ms;
  }

  get length(): number {
    return this.count;
  }

  values(): Float64Array {
    return this.samples.subarray(0, this.count);
  }
}
