import { allocate, type Data, type DType } from '../tensor/dtype';
import { type Shape, sizeOf, stridesOf } from '../tensor/shape';

type Elems = ArrayLike<number | string> & { [i: number]: number | string };

/**
 * Walk the elements `begin[d] + i[d] * step[d]` of a tensor of shape `big` for every index `i` of shape `small`, in
 * row-major order of `small`, calling `visit(k, q)` with the flat position in `small` and in `big`. The innermost
 * axis runs as a tight loop; an odometer advances the others. Shared by slicing (gather), its adjoint (scatter),
 * reversal (negative steps) and padding (scatter into a filled tensor).
 */
function walk(
  big: Shape,
  small: Shape,
  begin: readonly number[],
  step: readonly number[],
  inner: (k: number, q: number, n: number, s: number) => void,
): void {
  const n = sizeOf(small);
  if (n === 0) return;
  const rank = small.length;
  if (rank === 0) {
    inner(0, 0, 1, 0);
    return;
  }
  const bigStrides = stridesOf(big);
  const st = bigStrides.map((s, d) => s * step[d]);
  let off = 0;
  for (let d = 0; d < rank; d++) off += begin[d] * bigStrides[d];
  const last = rank - 1;
  const innerN = small[last];
  const innerS = st[last];
  const counter = new Array<number>(rank).fill(0);
  for (let k = 0; k < n; k += innerN) {
    inner(k, off, innerN, innerS);
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      off += st[ax];
      if (counter[ax] < small[ax]) break;
      off -= st[ax] * small[ax];
      counter[ax] = 0;
    }
  }
}

/** `out[i] = x[begin + i * step]` for every index `i` of `outShape` (slice, strided slice, reverse). */
export function stridedGather(
  src: Data,
  shape: Shape,
  begin: readonly number[],
  step: readonly number[],
  outShape: Shape,
  dtype: DType,
): Data {
  const out = allocate(dtype, sizeOf(outShape)) as unknown as Elems;
  const s = src as unknown as Elems;
  walk(shape, outShape, begin, step, (k, q, n, st) => {
    for (let j = 0; j < n; j++, q += st) out[k + j] = s[q];
  });
  return out as unknown as Data;
}

/**
 * The adjoint of `stridedGather`: a tensor of `shape` filled with `fill` whose elements `begin + i * step` are
 * `src[i]` (strided slices never overlap, so this is assignment). Strided-slice gradient and constant padding.
 */
export function stridedScatter(
  src: Data,
  srcShape: Shape,
  shape: Shape,
  begin: readonly number[],
  step: readonly number[],
  dtype: DType,
  fill: number | string,
): Data {
  const out = allocate(dtype, sizeOf(shape)) as unknown as Elems & { fill(v: unknown): unknown };
  if (fill !== 0 && fill !== '') out.fill(fill);
  const s = src as unknown as Elems;
  walk(shape, srcShape, begin, step, (k, q, n, st) => {
    for (let j = 0; j < n; j++, q += st) out[q] = s[k + j];
  });
  return out as unknown as Data;
}

/** `tf.tile`: output index `i` reads input index `i mod shape` on every axis. */
export function tileKernel(src: Data, shape: Shape, outShape: Shape, dtype: DType): Data {
  const n = sizeOf(outShape);
  const out = allocate(dtype, n) as unknown as Elems;
  const s = src as unknown as Elems;
  if (n === 0) return out as unknown as Data;
  const rank = shape.length;
  if (rank === 0) {
    out[0] = s[0];
    return out as unknown as Data;
  }
  const inStrides = stridesOf(shape);
  const counter = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const innerN = outShape[last];
  const innerD = shape[last];
  let off = 0;
  for (let k = 0; k < n; k += innerN) {
    for (let j = 0, c = 0; j < innerN; j++) {
      out[k + j] = s[off + c];
      if (++c === innerD) c = 0;
    }
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      off += inStrides[ax];
      if (counter[ax] % shape[ax] === 0) off -= inStrides[ax] * shape[ax];
      if (counter[ax] < outShape[ax]) break;
      counter[ax] = 0;
    }
  }
  return out as unknown as Data;
}
