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
  const f32 = src instanceof Float32Array;
  const k = new Kernel(f32, kind);
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
  const n = src.length;
  const init = kind === 'sum' ? 0 : 1;
  if (n === 0) {
    out.fill(init);
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
    if (n <= this.leaf) return this.sum ? this.leafSum(x, first, n) : this.leafProd(x, first, n);
    const p = this.p;
    const split = p * Math.ceil((first + Math.ceil(n / 2)) / p);
    const left = Math.min(split - first, n);
    const a = this.inner(x, first, left);
    if (left === n) return a;
    const b = this.inner(x, split, n - left);
    return this.round(this.sum ? a + b : a * b);
  }

  private leafSum(x: Real, first: number, n: number): number {
    const p = this.p;
    const acc = this.acc;
    acc.fill(0);
    let start = 0;
    const w = 4 * p;
    if (n >= w) {
      const v4 = n - (n % w);
      for (let j = first, end = first + v4; j < end; j += w) for (let l = 0; l < w; l++) acc[l] += x[j + l];
      for (let g = 1; g < 4; g++) for (let l = 0; l < p; l++) acc[l] += acc[g * p + l];
      start = v4;
    }
    if (start <= n - p) {
      const v = n - (n % p);
      for (let j = first + start, end = first + v; j < end; j += p) for (let l = 0; l < p; l++) acc[l] += x[j + l];
      start = v;
    }
    for (let h = p >> 1; h >= 1; h >>= 1) for (let l = 0; l < h; l++) acc[l] += acc[l + h];
    let s = 0;
    for (let j = first + start, end = first + n; j < end; j++) s = this.round(s + x[j]);
    return this.round(s + acc[0]);
  }

  private leafProd(x: Real, first: number, n: number): number {
    const p = this.p;
    const acc = this.acc;
    acc.fill(1);
    let start = 0;
    const w = 4 * p;
    if (n >= w) {
      const v4 = n - (n % w);
      for (let j = first, end = first + v4; j < end; j += w) for (let l = 0; l < w; l++) acc[l] *= x[j + l];
      for (let g = 1; g < 4; g++) for (let l = 0; l < p; l++) acc[l] *= acc[g * p + l];
      start = v4;
    }
    if (start <= n - p) {
      const v = n - (n % p);
      for (let j = first + start, end = first + v; j < end; j += p) for (let l = 0; l < p; l++) acc[l] *= x[j + l];
      start = v;
    }
    for (let h = p >> 1; h >= 1; h >>= 1) for (let l = 0; l < h; l++) acc[l] *= acc[l + h];
    let s = 1;
    for (let j = first + start, end = first + n; j < end; j++) s = this.round(s * x[j]);
    return this.round(s * acc[0]);
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
