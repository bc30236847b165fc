import type { NumericData } from '../tensor/dtype';
import { type Shape, sizeOf } from '../tensor/shape';

export type Reducer = 'sum' | 'prod' | 'max' | 'min' | 'all' | 'any';

const INIT: Record<Reducer, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity, all: 1, any: 0 };

/**
 * Reduce `src` (of `shape`) over `axes` into float64 accumulators, one per output element (the caller stores
 * them in the output dtype). Used for integer sums and products (exact below 2^53) and for max/min/all/any, where
 * the order does not matter; float32 and float64 sums and products follow TF's order (`eigenReduce`). Adjacent
 * axes of the same kind are merged into groups, so the input is walked once in memory order: the innermost group is
 * a tight loop — a running accumulator when it is reduced, an element-wise fold into a row of accumulators when it
 * is kept — and an odometer over the outer groups moves the output offset. Max/min propagate NaN (TF's reducers use
 * `PropagateNaN`).
 */
export function reduceAxes(src: NumericData, shape: Shape, axes: readonly number[], kind: Reducer): Float64Array {
  const sizes: number[] = [];
  const reduced: boolean[] = [];
  shape.forEach((d, i) => {
    if (d === 1) return;
    const r = axes.includes(i);
    if (sizes.length && reduced[reduced.length - 1] === r) sizes[sizes.length - 1] *= d;
    else {
      sizes.push(d);
      reduced.push(r);
    }
  });
  const outSize = sizeOf(sizes.filter((_, i) => !reduced[i]));
  const acc = new Float64Array(outSize).fill(INIT[kind]);
  const n = src.length;
  if (n === 0) return acc;
  const t = sizes.length;
  if (t === 0) {
    acc[0] = fold(kind, INIT[kind], src, 0, 1);
    return acc;
  }
  // Output stride of each group (0 for reduced groups).
  const strides = new Array<number>(t).fill(0);
  for (let i = t - 1, s = 1; i >= 0; i--) {
    if (!reduced[i]) {
      strides[i] = s;
      s *= sizes[i];
    }
  }
  const len = sizes[t - 1];
  const innerReduced = reduced[t - 1];
  const counter = new Array<number>(t).fill(0);
  let out = 0;
  for (let off = 0; off < n; off += len) {
    if (innerReduced) acc[out] = fold(kind, acc[out], src, off, len);
    else foldRow(kind, acc, out, src, off, len);
    for (let g = t - 2; g >= 0; g--) {
      counter[g]++;
      out += strides[g];
      if (counter[g] < sizes[g]) break;
      out -= strides[g] * sizes[g];
      counter[g] = 0;
    }
  }
  return acc;
}

/** Every element folded, in order (what `reduceAxes` gives when all axes are reduced, without its bookkeeping). */
export function foldAll(src: NumericData, kind: Reducer): number {
  return src.length === 0 ? INIT[kind] : fold(kind, INIT[kind], src, 0, src.length);
}

/** Fold `len` contiguous elements into one accumulator. */
function fold(kind: Reducer, a: number, x: NumericData, off: number, len: number): number {
  const end = off + len;
  switch (kind) {
    case 'sum':
      for (let i = off; i < end; i++) a += x[i];
      return a;
    case 'prod':
      for (let i = off; i < end; i++) a *= x[i];
      return a;
    case 'max':
      for (let i = off; i < end; i++) {
        const v = x[i];
        if (v > a || Number.isNaN(v)) a = v;
      }
      return a;
    case 'min':
      for (let i = off; i < end; i++) {
        const v = x[i];
        if (v < a || Number.isNaN(v)) a = v;
      }
      return a;
    case 'all':
      for (let i = off; i < end && a; i++) if (!x[i]) a = 0;
      return a;
    case 'any':
      for (let i = off; i < end && !a; i++) if (x[i]) a = 1;
      return a;
  }
}

/** Fold `len` contiguous elements element-wise into `acc[out … out+len)`. */
function foldRow(kind: Reducer, acc: Float64Array, out: number, x: NumericData, off: number, len: number): void {
  switch (kind) {
    case 'sum':
      for (let j = 0; j < len; j++) acc[out + j] += x[off + j];
      return;
    case 'prod':
      for (let j = 0; j < len; j++) acc[out + j] *= x[off + j];
      return;
    case 'max':
      for (let j = 0; j < len; j++) {
        const v = x[off + j];
        if (v > acc[out + j] || Number.isNaN(v)) acc[out + j] = v;
      }
      return;
    case 'min':
      for (let j = 0; j < len; j++) {
        const v = x[off + j];
        if (v < acc[out + j] || Number.isNaN(v)) acc[out + j] = v;
      }
      return;
    case 'all':
      for (let j = 0; j < len; j++) if (!x[off + j]) acc[out + j] = 0;
      return;
    case 'any':
      for (let j = 0; j < len; j++) if (x[off + j]) acc[out + j] = 1;
      return;
  }
}
