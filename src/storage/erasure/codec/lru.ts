// A small least-recently-used cache: decode plans per missing-shard pattern.
// A degraded set keeps hitting one or two patterns (the same drives are out),
// so a handful of entries saves a matrix inversion per stripe.

export class Lru<K, V> {
  // A Map iterates in insertion order: re-inserting on every hit keeps the
  // least recently used entry first.
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('an LRU needs a capacity of at least 1');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }
}
