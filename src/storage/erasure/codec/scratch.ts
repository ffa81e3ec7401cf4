// Runs a plan over caller-owned shards through one kernel instance's memory.
//
// Shards stay in ordinary Uint8Arrays owned by the caller (the engine's stripe
// buffers, which live across async disk and network I/O); the codec copies
// them through a small scratch area of WebAssembly memory, a chunk of each
// shard at a time. Chunks keep the scratch area, which a WebAssembly memory
// can never give back, at (shards x CHUNK_BYTES) whatever the stripe size,
// and keep what the kernels read hot in cache right after it is copied in.
import { Buffer } from 'node:buffer';
import { TABLE_PAIR_BYTES } from './gf256.js';
import type { Plan } from './plan.js';
import type { Kernel } from './wasm.js';

/**
 * Bytes of each shard processed per kernel call. Small enough that the inputs
 * and outputs of one chunk stay in L2 (8+4: 12 x 16 KiB), large enough that
 * the per-chunk JavaScript costs little against the kernel's work.
 */
export const CHUNK_BYTES = 16 * 1024;

/** Kernels process 64-byte steps (kernel.wat); slots and lengths are padded to it. */
const STEP_BYTES = 64;
const WASM_PAGE_BYTES = 65536;

const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/** Layout: input pointers | output pointers | tables | one slot per shard, each `chunk` bytes. */
const IN_PTRS = 0;
const OUT_PTRS = 1024;
const TABLES = 2048;

export class Scratch {
  private bytes: Uint8Array;
  /** For the pointer arrays: WebAssembly is little-endian whatever the host is. */
  private view: DataView;
  private readonly slotsBase: number;

  /** `maxInputs` and `maxOutputs` bound every plan this scratch will run (a codec's data and parity shards). */
  constructor(
    private readonly kernel: Kernel,
    private readonly maxInputs: number,
    private readonly maxOutputs: number,
  ) {
    if (maxInputs > 256 || maxOutputs > 256) throw new RangeError('at most 256 inputs and 256 outputs');
    this.slotsBase = roundUp(TABLES + maxInputs * maxOutputs * TABLE_PAIR_BYTES, STEP_BYTES);
    this.bytes = new Uint8Array(kernel.memory.buffer);
    this.view = new DataView(kernel.memory.buffer);
  }

  /** WebAssembly memory in use now (it only grows, up to the largest chunk seen). */
  get memoryBytes(): number {
    return this.kernel.memory.buffer.byteLength;
  }

  /** Computes the plan's outputs into `outputs` (in plan.outputs order), all `length` bytes. */
  run(plan: Plan, inputs: readonly Uint8Array[], outputs: readonly Uint8Array[], length: number): void {
    this.forEachChunk(plan, inputs, length, (j, at, offset, n) => {
      outputs[j]!.set(this.bytes.subarray(at, at + n), offset);
      return true;
    });
  }

  /** True when every output the plan computes equals `expected` (in plan.outputs order). */
  matches(plan: Plan, inputs: readonly Uint8Array[], expected: readonly Uint8Array[], length: number): boolean {
    return this.forEachChunk(
      plan,
      inputs,
      length,
      (j, at, offset, n) => Buffer.compare(this.bytes.subarray(at, at + n), expected[j]!.subarray(offset, offset + n)) === 0,
    );
  }

  /**
   * Copies each chunk of the inputs in, runs the plan's kernel calls, and
   * hands each output chunk (at address `at`) to `sink`; stops early, returning
   * false, when `sink` does.
   */
  private forEachChunk(
    plan: Plan,
    inputs: readonly Uint8Array[],
    length: number,
    sink: (output: number, at: number, offset: number, n: number) => boolean,
  ): boolean {
    const k = plan.inputs.length;
    const outputCount = plan.outputs.length;
    if (k > this.maxInputs || outputCount > this.maxOutputs) throw new RangeError('plan exceeds the scratch layout');
    if (length === 0 || outputCount === 0) return true;
    const chunk = Math.min(CHUNK_BYTES, roundUp(length, STEP_BYTES));
    this.reserve(this.slotsBase + (k + outputCount) * chunk);
    const { bytes, view, kernel } = this;
    for (let i = 0; i < k; i++) view.setUint32(IN_PTRS + 4 * i, this.slotsBase + i * chunk, true);
    for (let j = 0; j < outputCount; j++) view.setUint32(OUT_PTRS + 4 * j, this.slotsBase + (k + j) * chunk, true);
    bytes.set(plan.tables, TABLES);

    for (let offset = 0; offset < length; offset += chunk) {
      const n = Math.min(chunk, length - offset);
      // Bytes past n in a slot are left from earlier chunks; they only feed
      // output bytes past n, which are never copied out.
      const steps = roundUp(n, STEP_BYTES);
      for (let i = 0; i < k; i++) bytes.set(inputs[i]!.subarray(offset, offset + n), this.slotsBase + i * chunk);
      for (const call of plan.calls) {
        const outPtrs = OUT_PTRS + 4 * call.firstOutput;
        if (call.kind === 'xor') {
          kernel.xor1(k, IN_PTRS, outPtrs, steps);
          continue;
        }
        const tables = TABLES + call.tablesOffset;
        switch (call.outputCount) {
          case 1:
            kernel.dot1(k, IN_PTRS, outPtrs, tables, steps);
            break;
          case 2:
            kernel.dot2(k, IN_PTRS, outPtrs, tables, steps);
            break;
          case 3:
            kernel.dot3(k, IN_PTRS, outPtrs, tables, steps);
            break;
          case 4:
            kernel.dot4(k, IN_PTRS, outPtrs, tables, steps);
            break;
          default:
            throw new RangeError(`no kernel for ${call.outputCount} outputs`);
        }
      }
      for (let j = 0; j < outputCount; j++) {
        if (!sink(j, this.slotsBase + (k + j) * chunk, offset, n)) return false;
      }
    }
    return true;
  }

  /** Grows the memory to at least `bytes`; growing detaches the old views, so they are remade. */
  private reserve(total: number): void {
    const memory = this.kernel.memory;
    if (memory.buffer.byteLength >= total) return;
    memory.grow(Math.ceil((total - memory.buffer.byteLength) / WASM_PAGE_BYTES));
    this.bytes = new Uint8Array(memory.buffer);
    this.view = new DataView(memory.buffer);
  }
}
