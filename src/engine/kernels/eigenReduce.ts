import type { Shape } from '../tensor/shape';

/**
 * Float32 and float64 sums and products over axes, accumulated in the dtype in the order TF's CPU kernels use, so
 * that the results are TF's bit for bit (measured against TF 2.21 on one thread: bench/RESULTS.md, "Reductions").
 *
 * TF merges adjacent axes of the same kind and drops size-1 axes, then reduces one of these shapes with Eigen
 * (packets of `P` lanes: 8 float32 / 4 float64 with AVX):
 * - all axes reduced, or `[kept, reduced]`: each output is a contiguous run, reduced by `inner` (below);
 * - `[reduced, kept]` and `[kept, reduced, kept]`: outputs in whole aligned packets (flat output index a multiple of
 *   `P`, the packet within one row of the last axis) fold the reduced rows into four accumulators in turn when
 *   there are at least 16 rows (rows `j ≡ g mod 4` into accumulator `g`, up to the last multiple of 4), which are
 *   then added `((a0 + a1) + a2) + a3`, and the rows left over are added to that; every other output adds its rows
 *   in order;
 * - `[reduced, kept, reduced]`: each output adds in order, the last reduced axis outermost;
 * - anything else: the reduced axes are moved last (a transpose) and each output is reduced by `inner`.
 *
 * `inner` over `n` values starting at flat index `first`: above `8192` (float32) / `4096` (float64) values it
 * splits at the first packet boundary (of the flat index) at or after the middle and adds the two halves' results;
 * otherwise four packet accumulators take packets in turn while a whole group of four fits, and are added
 * `((p0 + p1) + p2) + p3`; remaining whole packets are added to that; the packet is folded in halves (lane `i` plus
 * lane `i + P/2`, repeatedly); the last `n mod P` values are added in order to a scalar, which is added to the folded
 * packet. Sums start from 0, products from 1.
 */
export type EigenKind = 'sum' | 'prod';
type Real = Float32Array | Float64Array;

/** Reduce `src` of `shape` over `axes` (sorted, unique) into `out`, which has the reduced shape's size. */
export function eigenReduce(src: Real, shape: Shape, axes: readonly number[], kind: EigenKind, out: Real): void {
  const k = KERNELS[(src instanceof Float32Array ? 0 : 2) + (kind === 'sum' ? 0 : 1)];
  const n = src.length;
  if (axes.length === shape.length) {
    // One element is copied (TF reduces nothing once size-1 axes are dropped).
    out[0] = n === 0 ? k.init : n === 1 ? src[0] : k.inner(src, 0, n);
    return;
  }
  const sizes: number[] = [];
  const reduced: boolean[] = [];
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === 1) continue;
    const r = axes.includes(i);
    if (sizes.length && reduced[reduced.length - 1] === r) sizes[sizes.length - 1] *= d;
    else {
      sizes.push(d);
      reduced.push(r);
    }
  }
  if (n === 0) {
    out.fill(k.init);
    return;
  }
  const t = sizes.length;
  if (t === 1 && reduced[0]) {
    out[0] = k.inner(src, 0, n);
    return;
  }
  if (t <= 1) {
    // Nothing to reduce once size-1 axes are dropped: TF copies the input.
    out.set(src);
    return;
  }
  if (t === 2 && !reduced[0]) {
    const len = sizes[1];
    for (let r = 0; r < sizes[0]; r++) out[r] = k.inner(src, r * len, len);
    return;
  }
  if (t === 2) {
    k.preserving(src, 1, sizes[0], sizes[1], out);
    return;
  }
  if (t === 3 && !reduced[0]) {
    k.preserving(src, sizes[0], sizes[1], sizes[2], out);
    return;
  }
  if (t === 3) {
    k.ends(src, sizes[0], sizes[1], sizes[2], out);
    return;
  }
  const moved = reducedLast(src, sizes, reduced);
  let len = 1;
  for (let i = 0; i < t; i++) if (reduced[i]) len *= sizes[i];
  const rows = n / len;
  for (let r = 0; r < rows; r++) out[r] = k.inner(moved, r * len, len);
}

/** A copy of `src` (merged `sizes`) transposed so that the kept groups come first and the reduced groups last. */
function reducedLast(src: Real, sizes: number[], reduced: boolean[]): Real {
  const t = sizes.length;
  const order = [...sizes.keys()].sort((a, b) => Number(reduced[a]) - Number(reduced[b]) || a - b);
  const strides = new Array<number>(t);
  for (let i = t - 1, s = 1; i >= 0; i--) {
    strides[i] = s;
    s *= sizes[i];
  }
  const dims = order.map((i) => sizes[i]);
  const srcStrides = order.map((i) => strides[i]);
  const dst = src instanceof Float32Array ? new Float32Array(src.length) : new Float64Array(src.length);
  const counter = new Array<number>(t).fill(0);
  let off = 0;
  for (let o = 0; o < dst.length; o++) {
    dst[o] = src[off];
    for (let g = t - 1; g >= 0; g--) {
      counter[g]++;
      off += srcStrides[g];
      if (counter[g] < dims[g]) break;
      off -= srcStrides[g] * dims[g];
      counter[g] = 0;
    }
  }
  return dst;
}

class Kernel {
  /** Lanes of a packet. */
  readonly p: number;
  /** `inner` splits runs longer than this. */
  readonly leaf: number;
  /** Four packet accumulators, lanes of accumulator `g` at `g·P …`; the array type rounds every step to the dtype. */
  readonly acc: Real;
  readonly init: number;
  readonly round: (v: number) => number;
  readonly sum: boolean;

  constructor(f32: boolean, kind: EigenKind) {
    this.p = f32 ? 8 : 4;
    this.leaf = this.p * 1024;
    this.acc = f32 ? new Float32Array(4 * this.p) : new Float64Array(4 * this.p);
    this.init = kind === 'sum' ? 0 : 1;
    this.round = f32 ? Math.fround : (v: number) => v;
    this.sum = kind === 'sum';
  }

  inner(x: Real, first: number, n: number): number {
    if (n <= this.leaf) {
      if (!this.sum) return this.leafProd(x, first, n);
      return x instanceof Float32Array ? leafSumF32(x, first, n, this.acc as Float32Array) : this.leafSum(x, first, n);
    }
    const p = this.p;
    const split = p * Math.ceil((first + Math.ceil(n / 2)) / p);
    const left = Math.min(split - first, n);
    const a = this.inner(x, first, left);
    if (left === n) return a;
    const b = this.inner(x, split, n - left);
    return this.round(this.sum ? a + b : a * b);
  }

  /** A leaf as Eigen computes it (see the file's comment); lane `l` of the four accumulators is `acc[l]`. */
  private leafSum(x: Real, first: number, n: number): number {
    const p = this.p;
    const round = this.round;
    if (n < p) {
      let s = 0;
      for (let j = first, end = first + n; j < end; j++) s = round(s + x[j]);
      return s;
    }
    const acc = this.acc;
    const w = 4 * p;
    const v4 = n >= w ? n - (n % w) : 0;
    if (v4 > 0) {
      acc.fill(0);
      // The typed array rounds each lane's result to the dtype as it stores it.
      for (let j = first, end = first + v4; j < end; j += w) for (let l = 0; l < w; l++) acc[l] += x[j + l];
      for (let l = 0; l < p; l++) acc[l] = round(round(round(acc[l] + acc[p + l]) + acc[2 * p + l]) + acc[3 * p + l]);
    } else for (let l = 0; l < p; l++) acc[l] = 0;
    const v = n - (n % p);
    for (let j = first + v4, end = first + v; j < end; j += p) for (let l = 0; l < p; l++) acc[l] += x[j + l];
    for (let h = p >> 1; h >= 1; h >>= 1) for (let l = 0; l < h; l++) acc[l] = round(acc[l] + acc[l + h]);
    let s = 0;
    for (let j = first + v, end = first + n; j < end; j++) s = round(s + x[j]);
    return round(s + acc[0]);
  }

  private leafProd(x: Real, first: number, n: number): number {
    const p = this.p;
    const round = this.round;
    const acc = this.acc;
    const w = 4 * p;
    const v4 = n >= w ? n - (n % w) : 0;
    if (v4 > 0) {
      acc.fill(1);
      // The typed array rounds each lane's result to the dtype as it stores it.
      for (let j = first, end = first + v4; j < end; j += w) for (let l = 0; l < w; l++) acc[l] *= x[j + l];
      for (let l = 0; l < p; l++) acc[l] = round(round(round(acc[l] * acc[p + l]) * acc[2 * p + l]) * acc[3 * p + l]);
    } else for (let l = 0; l < p; l++) acc[l] = 1;
    const v = n - (n % p);
    for (let j = first + v4, end = first + v; j < end; j += p) for (let l = 0; l < p; l++) acc[l] *= x[j + l];
    for (let h = p >> 1; h >= 1; h >>= 1) for (let l = 0; l < h; l++) acc[l] = round(acc[l] * acc[l + h]);
    let s = 1;
    for (let j = first + v, end = first + n; j < end; j++) s = round(s * x[j]);
    return round(s * acc[0]);
  }

  /**
   * `[outer, rows, cols]` reduced over `rows` into `out` (`outer × cols`). In output row `a`, the columns of whole
   * packets (flat output indices from the first multiple of P at or after `a·cols` to the last before `(a+1)·cols`)
   * take the four-accumulator order when `rows ≥ 16`; the others add their rows in order.
   */
  preserving(x: Real, outer: number, rows: number, cols: number, out: Real): void {
    const p = this.p;
    const acc = this.acc instanceof Float32Array ? new Float32Array(4 * cols) : new Float64Array(4 * cols);
    const sum = this.sum;
    const split = rows >= 16 ? rows - (rows % 4) : 0;
    for (let a = 0; a < outer; a++) {
      const base = a * rows * cols;
      const lo = Math.min(cols, p * Math.ceil((a * cols) / p) - a * cols);
      const hi = Math.max(lo, p * Math.floor(((a + 1) * cols) / p) - a * cols);
      acc.fill(this.init);
      for (let j = 0; j < rows; j++) {
        const row = base + j * cols;
        // Packet columns go to accumulator j mod 4 before `split`; the rest always to accumulator 0.
        const g = j < split ? (j % 4) * cols : 0;
        if (sum) {
          for (let c = 0; c < lo; c++) acc[c] += x[row + c];
          for (let c = lo; c < hi; c++) acc[g + c] += x[row + c];
          for (let c = hi; c < cols; c++) acc[c] += x[row + c];
        } else {
          for (let c = 0; c < lo; c++) acc[c] *= x[row + c];
          for (let c = lo; c < hi; c++) acc[g + c] *= x[row + c];
          for (let c = hi; c < cols; c++) acc[c] *= x[row + c];
        }
        if (j === split - 1) {
          for (let s = 1; s < 4; s++) {
            const o = s * cols;
            if (sum) for (let c = lo; c < hi; c++) acc[c] += acc[o + c];
            else for (let c = lo; c < hi; c++) acc[c] *= acc[o + c];
          }
        }
      }
      for (let c = 0; c < cols; c++) out[a * cols + c] = acc[c];
    }
  }

  /** `[r1, kept, r2]` reduced over `r1` and `r2`: each output in order, `r2` the outer loop. */
  ends(x: Real, r1: number, kept: number, r2: number, out: Real): void {
    const round = this.round;
    for (let j = 0; j < kept; j++) {
      let s = this.init;
      for (let k = 0; k < r2; k++) {
        for (let i = 0; i < r1; i++) {
          const v = x[(i * kept + j) * r2 + k];
          s = round(this.sum ? s + v : s * v);
        }
      }
      out[j] = s;
    }
  }
}

/** One kernel per dtype and reducer (float32 sum, float32 prod, float64 sum, float64 prod); they keep scratch space. */
const KERNELS = [
  new Kernel(true, 'sum'),
  new Kernel(true, 'prod'),
  new Kernel(false, 'sum'),
  new Kernel(false, 'prod'),
];

/**
 * `Kernel.leafSum` for float32 (8 lanes) with the lanes in locals: the hot path of every float32 sum. Each group of
 * eight lanes is its own pass over the leaf (at most 32 KiB, so in cache); lanes are independent, so this keeps
 * Eigen's order.
 */
function leafSumF32(x: Float32Array, first: number, n: number, acc: Float32Array): number {
  const f = Math.fround;
  if (n < 8) {
    let s = 0;
    for (let j = first, end = first + n; j < end; j++) s = f(s + x[j]);
    return s;
  }
  const v4 = n >= 32 ? n - (n % 32) : 0;
  const v = n - (n % 8);
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let a4 = 0;
  let a5 = 0;
  let a6 = 0;
  let a7 = 0;
  if (v4 > 0) {
    const end = first + v4;
    for (let g = 0; g < 32; g += 8) {
      a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = 0;
      for (let j = first + g; j < end; j += 32) {
        a0 = f(a0 + x[j]);
        a1 = f(a1 + x[j + 1]);
        a2 = f(a2 + x[j + 2]);
        a3 = f(a3 + x[j + 3]);
        a4 = f(a4 + x[j + 4]);
        a5 = f(a5 + x[j + 5]);
        a6 = f(a6 + x[j + 6]);
        a7 = f(a7 + x[j + 7]);
      }
      acc[g] = a0;
      acc[g + 1] = a1;
      acc[g + 2] = a2;
      acc[g + 3] = a3;
      acc[g + 4] = a4;
      acc[g + 5] = a5;
      acc[g + 6] = a6;
      acc[g + 7] = a7;
    }
    a0 = f(f(f(acc[0] + acc[8]) + acc[16]) + acc[24]);
    a1 = f(f(f(acc[1] + acc[9]) + acc[17]) + acc[25]);
    a2 = f(f(f(acc[2] + acc[10]) + acc[18]) + acc[26]);
    a3 = f(f(f(acc[3] + acc[11]) + acc[19]) + acc[27]);
    a4 = f(f(f(acc[4] + acc[12]) + acc[20]) + acc[28]);
    a5 = f(f(f(acc[5] + acc[13]) + acc[21]) + acc[29]);
    a6 = f(f(f(acc[6] + acc[14]) + acc[22]) + acc[30]);
    a7 = f(f(f(acc[7] + acc[15]) + acc[23]) + acc[31]);
  }
  for (let j = first + v4, end = first + v; j < end; j += 8) {
    a0 = f(a0 + x[j]);
    a1 = f(a1 + x[j + 1]);
    a2 = f(a2 + x[j + 2]);
    a3 = f(a3 + x[j + 3]);
    a4 = f(a4 + x[j + 4]);
    a5 = f(a5 + x[j + 5]);
    a6 = f(a6 + x[j + 6]);
    a7 = f(a7 + x[j + 7]);
  }
  // Eigen's horizontal add: lanes i and i + 4, then i and i + 2, then the two left.
  const lanes = f(f(f(a0 + a4) + f(a2 + a6)) + f(f(a1 + a5) + f(a3 + a7)));
  let s = 0;
  for (let j = first + v, end = first + n; j < end; j++) s = f(s + x[j]);
  return f(s + lanes);
}
