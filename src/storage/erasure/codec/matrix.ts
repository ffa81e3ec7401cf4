// Matrices over GF(2^8): the code's generator matrix and the inverses that
// rebuild missing shards. Sizes are at most 256 x 256, built once per codec or
// per missing-shard pattern, so plain loops are fast enough.
import { gfDiv, gfInv, gfMul } from './gf256.js';

/** A dense row-major matrix of GF(2^8) elements. */
export class GfMatrix {
  readonly cells: Uint8Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
    cells?: Uint8Array,
  ) {
    this.cells = cells ?? new Uint8Array(rows * cols);
    if (this.cells.length !== rows * cols) throw new RangeError(`matrix ${rows}x${cols} needs ${rows * cols} cells`);
  }

  static identity(size: number): GfMatrix {
    const m = new GfMatrix(size, size);
    for (let i = 0; i < size; i++) m.set(i, i, 1);
    return m;
  }

  get(row: number, col: number): number {
    return this.cells[row * this.cols + col]!;
  }

  set(row: number, col: number, value: number): void {
    this.cells[row * this.cols + col] = value;
  }

  /** A copy of one row, as its own 1 x cols matrix's cells. */
  row(row: number): Uint8Array {
    return this.cells.slice(row * this.cols, (row + 1) * this.cols);
  }

  /** The matrix made of the given rows of this one, in that order. */
  pickRows(rows: readonly number[]): GfMatrix {
    const out = new GfMatrix(rows.length, this.cols);
    rows.forEach((from, to) => out.cells.set(this.cells.subarray(from * this.cols, (from + 1) * this.cols), to * this.cols));
    return out;
  }

  multiply(other: GfMatrix): GfMatrix {
    if (this.cols !== other.rows) throw new RangeError(`cannot multiply ${this.rows}x${this.cols} by ${other.rows}x${other.cols}`);
    const out = new GfMatrix(this.rows, other.cols);
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < other.cols; c++) {
        let sum = 0;
        for (let i = 0; i < this.cols; i++) sum ^= gfMul(this.get(r, i), other.get(i, c));
        out.set(r, c, sum);
      }
    }
    return out;
  }

  /** The inverse, by Gauss-Jordan elimination; throws if the matrix is singular. */
  invert(): GfMatrix {
    const n = this.rows;
    if (n !== this.cols) throw new RangeError(`cannot invert a ${this.rows}x${this.cols} matrix`);
    const work = new GfMatrix(n, n, this.cells.slice());
    const inverse = GfMatrix.identity(n);
    for (let col = 0; col < n; col++) {
      let pivot = col;
      while (pivot < n && work.get(pivot, col) === 0) pivot++;
      if (pivot === n) throw new Error('matrix is singular');
      if (pivot !== col) {
        work.swapRows(pivot, col);
        inverse.swapRows(pivot, col);
      }
      const scale = gfInv(work.get(col, col));
      work.scaleRow(col, scale);
      inverse.scaleRow(col, scale);
      for (let r = 0; r < n; r++) {
        const factor = r === col ? 0 : work.get(r, col);
        if (factor === 0) continue;
        work.addScaledRow(r, col, factor);
        inverse.addScaledRow(r, col, factor);
      }
    }
    return inverse;
  }

  private swapRows(a: number, b: number): void {
    const rowA = this.row(a);
    this.cells.copyWithin(a * this.cols, b * this.cols, (b + 1) * this.cols);
    this.cells.set(rowA, b * this.cols);
  }

  private scaleRow(row: number, factor: number): void {
    for (let c = 0; c < this.cols; c++) this.set(row, c, gfMul(this.get(row, c), factor));
  }

  /** row target += factor * row source (addition is XOR). */
  private addScaledRow(target: number, source: number, factor: number): void {
    for (let c = 0; c < this.cols; c++) this.set(target, c, this.get(target, c) ^ gfMul(this.get(source, c), factor));
  }
}

/** Most shards a code over GF(2^8) with distinct Cauchy points can have. */
export const MAX_TOTAL_SHARDS = 256;

/**
 * The parity rows of the code: parity shard i = sum over j of P[i][j] * data j.
 * The whole generator is the identity (data shards are stored as they are:
 * a systematic code) stacked on P.
 *
 * P is a Cauchy matrix, P[i][j] = 1 / (x_i + y_j) with x_i = dataShards + i
 * and y_j = j, all distinct. Every square submatrix of a Cauchy matrix is
 * invertible, so any dataShards rows of [I; P] are too: any dataShards
 * surviving shards rebuild the rest. Each column is then divided by its
 * first entry, which keeps that property (it multiplies minors by non-zero
 * constants) and makes parity 0 the plain XOR of the data: XOR needs no
 * multiply, and losing one data shard is then repaired by XOR alone.
 *
 * This matrix is part of the on-disk format: shards written with it can only
 * be read back with it.
 */
export function parityMatrix(dataShards: number, parityShards: number): GfMatrix {
  if (dataShards + parityShards > MAX_TOTAL_SHARDS) throw new RangeError(`at most ${MAX_TOTAL_SHARDS} shards in all`);
  const p = new GfMatrix(parityShards, dataShards);
  for (let j = 0; j < dataShards; j++) {
    const first = gfInv(dataShards ^ j);
    for (let i = 0; i < parityShards; i++) p.set(i, j, gfDiv(gfInv((dataShards + i) ^ j), first));
  }
  return p;
}

/** The full (data + parity) x data generator matrix [I; P]. */
export function generatorMatrix(dataShards: number, parityShards: number): GfMatrix {
  const g = new GfMatrix(dataShards + parityShards, dataShards);
  for (let j = 0; j < dataShards; j++) g.set(j, j, 1);
  g.cells.set(parityMatrix(dataShards, parityShards).cells, dataShards * dataShards);
  return g;
}
