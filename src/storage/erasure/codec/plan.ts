// A plan turns "these output shards are these GF(2^8) combinations of these
// input shards" into kernel calls and the lookup tables they read. Encoding
// has one plan per codec; each pattern of missing shards has its own,
// cached by the codec.
import { TABLE_PAIR_BYTES, writeMulTables } from './gf256.js';
import type { GfMatrix } from './matrix.js';

/** Outputs per dot kernel call: the most kernel.wat keeps in registers. */
const MAX_DOT_OUTPUTS = 4;

export interface KernelCall {
  /** xor1 when every coefficient of the one output is 1; otherwise dot<outputCount>. */
  readonly kind: 'xor' | 'dot';
  /** Position of this call's first output in Plan.outputs (its outputs are consecutive). */
  readonly firstOutput: number;
  readonly outputCount: number;
  /** Byte offset of this call's tables within Plan.tables. */
  readonly tablesOffset: number;
}

export interface Plan {
  /** Shard indices the kernels read, in input order (coefficient columns). */
  readonly inputs: readonly number[];
  /** Shard indices the kernels write, in output order. */
  readonly outputs: readonly number[];
  readonly calls: readonly KernelCall[];
  /** Every dot call's tables, back to back (see kernel.wat for the layout). */
  readonly tables: Uint8Array;
}

/**
 * Plans outputs[r] = sum over i of coefficients[r][i] * inputs[i]. Rows that
 * are all ones become XOR-only calls; the others are grouped four at a time,
 * since one pass computing four outputs reads the inputs once instead of four
 * times.
 */
export function makePlan(inputs: readonly number[], outputs: readonly number[], coefficients: GfMatrix): Plan {
  if (coefficients.rows !== outputs.length || coefficients.cols !== inputs.length) {
    throw new RangeError('coefficients must have one row per output and one column per input');
  }
  const xorRows: number[] = [];
  const dotRows: number[] = [];
  for (let r = 0; r < coefficients.rows; r++) {
    (coefficients.row(r).every((c) => c === 1) ? xorRows : dotRows).push(r);
  }

  const k = inputs.length;
  const calls: KernelCall[] = [];
  const tables = new Uint8Array(k * dotRows.length * TABLE_PAIR_BYTES);
  xorRows.forEach((_, position) => calls.push({ kind: 'xor', firstOutput: position, outputCount: 1, tablesOffset: 0 }));
  let tablesOffset = 0;
  for (let first = 0; first < dotRows.length; first += MAX_DOT_OUTPUTS) {
    const group = dotRows.slice(first, first + MAX_DOT_OUTPUTS);
    group.forEach((row, j) => {
      for (let i = 0; i < k; i++) {
        writeMulTables(coefficients.get(row, i), tables, tablesOffset + (i * group.length + j) * TABLE_PAIR_BYTES);
      }
    });
    calls.push({ kind: 'dot', firstOutput: xorRows.length + first, outputCount: group.length, tablesOffset });
    tablesOffset += k * group.length * TABLE_PAIR_BYTES;
  }
  const order = [...xorRows, ...dotRows];
  return { inputs: [...inputs], outputs: order.map((r) => outputs[r]!), calls, tables };
}
