import { allocate, type Data, type DType, type NumericData } from '../tensor/dtype';
import { type Shape, sizeOf, stridesOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';

/** The output shape of reducing `shape` over `axes` (sorted, normalised). */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepdims) out.push(1);
    } else out.push(shape[i]);
  }
  return out;
}

/**
 * For each input element, the flat index of the output element it reduces into.
 * Shared by every reduction kernel; `reduce` folds with `step` starting from `init`.
 */
export function reduceIndex(shape: Shape, axes: readonly number[]): Int32Array {
  const n = sizeOf(shape);
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outStrides = stridesOf(kept);
  const idx = new Int32Array(n);
  const rank = shape.length;
  const counter = new Array<number>(rank).fill(0);
  const s = shape.map((_, i) => (axes.includes(i) ? 0 : outStrides[i]));
  let dst = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = dst;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      dst += s[ax];
      if (counter[ax] < shape[ax]) break;
      dst -= s[ax] * shape[ax];
      counter[ax] = 0;
    }
  }
  return idx;
}

/**
 * Reduce with an accumulator in float64 (then stored in the output dtype). Sums of float32 data are therefore the
 * correctly rounded float32 of the exact sum, which equals TF's result whenever TF's own accumulation is exact.
 */
export function reduce(
  x: Tensor,
  axes: readonly number[],
  outShape: Shape,
  dtype: DType,
  init: number,
  step: (acc: number, v: number) => number,
): Data {
  const m = sizeOf(outShape);
  const acc = new Float64Array(m).fill(init);
  const src = x.data as NumericData;
  if (axes.length === x.rank || m === 1) {
    let a = init;
    for (let i = 0; i < src.length; i++) a = step(a, src[i]);
    acc[0] = a;
  } else {
    const idx = reduceIndex(x.shape, axes);
    for (let i = 0; i < src.length; i++) acc[idx[i]] = step(acc[idx[i]], src[i]);
  }
  const out = allocate(dtype, m) as NumericData;
  for (let i = 0; i < m; i++) out[i] = acc[i];
  return out;
}
