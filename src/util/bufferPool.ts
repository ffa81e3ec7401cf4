// Reusable read buffers for the large-object GET path.
//
// Each 1 MiB Buffer.allocUnsafe is a fresh external ArrayBuffer; streaming
// 1 GiB/s of them makes V8 collect garbage all the time (profiled on 64 MiB
// GETs: the garbage collector took 15% of a worker, a third of its busy
// time). A GET that knows when the socket is done with a chunk hands it back
// here and the next read fills the same memory.
//
// The rule that keeps this safe: a buffer is given back once, by the one
// consumer it was handed to, after nothing reads it any more. Buffers that
// are never given back are ordinary garbage; give() ignores memory the pool
// did not hand out and memory already back in the pool.

export class BufferPool {
  private readonly free = new Map<number, ArrayBuffer[]>();
  /** Memory this pool handed out (and so may take back). */
  private readonly owned = new WeakSet<ArrayBuffer>();
  /** Memory in the free lists: a second give() of it is ignored. */
  private readonly resting = new WeakSet<ArrayBuffer>();
  private freeBytes = 0;

  constructor(private readonly maxFreeBytes: number) {}

  /** A buffer of exactly `size` bytes, with uninitialised (or reused) contents. */
  take(size: number): Buffer {
    const memory = this.free.get(size)?.pop();
    if (memory !== undefined) {
      this.resting.delete(memory);
      this.freeBytes -= size;
      return Buffer.from(memory, 0, size);
    }
    // allocUnsafeSlow: a buffer over its own ArrayBuffer of exactly `size` bytes, never Node's shared pool.
    const buffer = Buffer.allocUnsafeSlow(size);
    this.owned.add(buffer.buffer as ArrayBuffer);
    return buffer;
  }

  /** Hands back the memory behind `chunk` (a buffer from take(), or any view of it). */
  give(chunk: Uint8Array): void {
    const memory = chunk.buffer;
    if (!(memory instanceof ArrayBuffer) || !this.owned.has(memory) || this.resting.has(memory)) return;
    const size = memory.byteLength;
    if (this.freeBytes + size > this.maxFreeBytes) return;
    let list = this.free.get(size);
    if (list === undefined) {
      list = [];
      this.free.set(size, list);
    }
    list.push(memory);
    this.resting.add(memory);
    this.freeBytes += size;
  }

  /** Bytes waiting in the free lists. */
  get idleBytes(): number {
    return this.freeBytes;
  }
}

/** The engine's unit of streaming I/O (IO_CHUNK_BYTES): the size local reads pool. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * The process's pool for object reads: a large GET holds about two 1 MiB
 * chunks in flight, so 16 MiB idle covers several concurrent ones; more
 * concurrency allocates as before, and only the idle part counts against
 * the server's memory. A deliberate per-process cache: buffers are plain
 * memory, reused only once their owner gives them back, and one pool for
 * every drive of the process bounds the idle total.
 */
export const readBuffers = new BufferPool(16 * 1024 * 1024);
