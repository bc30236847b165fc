import { allocate, type Data, type DType, type NumericData } from '../tensor/dtype';
import { type Shape, sizeOf, stridesOf } from '../tensor/shape';

type Elems = ArrayLike<number | string> & { [i: number]: number | string };

interface Layout {
  batch: number;
  outer: number;
  dim: number;
  inner: number;
  count: number;
}

/**
 * Gather rows along an axis with leading batch axes: params are `[batch, outer, dim, inner]`, indices
 * `[batch, count]`, the output `[batch, outer, count, inner]`. Returns the flat position of the first
 * out-of-range index instead of data when there is one.
 */
export function gatherRows(src: Data, ind: NumericData, l: Layout, n: number, dtype: DType): Data | number {
  const out = allocate(dtype, n) as unknown as Elems;
  const s = src as unknown as Elems;
  const { batch, outer, dim, inner, count } = l;
  let k = 0;
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < count; j++) {
        const r = ind[b * count + j];
        if (!(r >= 0 && r < dim)) return b * count + j;
        const base = ((b * outer + o) * dim + r) * inner;
        for (let i = 0; i < inner; i++) out[k++] = s[base + i];
      }
    }
  }
  return out as unknown as Data;
}

/** The adjoint of `gatherRows`: rows added into zeros (duplicates sum; out-of-range rows are dropped, as TF's
 * unsorted_segment_sum drops negative segment ids). */
export function scatterRowsKernel(src: NumericData, ind: NumericData, l: Layout, dtype: DType): NumericData {
  const { batch, outer, dim, inner, count } = l;
  const out = allocate(dtype, batch * outer * dim * inner) as NumericData;
  let k = 0;
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < count; j++) {
        const r = ind[b * count + j];
        if (!(r >= 0 && r < dim)) {
          k += inner;
          continue;
        }
        const base = ((b * outer + o) * dim + r) * inner;
        for (let i = 0; i < inner; i++) out[base + i] += src[k++];
      }
    }
  }
  return out;
}

/** Offset of each index tuple (`k` components) into a tensor of `shape`, or the bad row's number. */
/** Flat offset of each index tuple's slice in `shape`, or the first row that does not index into it. */
export function ndOffsets(shape: Shape, ind: NumericData, k: number, rows: number): Int32Array | number {
  const strides = stridesOf(shape);
  const off = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let o = 0;
    for (let j = 0; j < k; j++) {
      const v = ind[r * k + j];
      if (!(v >= 0 && v < shape[j])) return r;
      o += v * strides[j];
    }
    off[r] = o;
  }
  return off;
}

/** `gather_nd`: one slice of `shape[k:]` per index tuple. */
export function gatherNdKernel(
  src: Data,
  shape: Shape,
  ind: NumericData,
  k: number,
  rows: number,
  n: number,
  dtype: DType,
): Data | number {
  const off = ndOffsets(shape, ind, k, rows);
  if (typeof off === 'number') return off;
  const inner = sizeOf(shape.slice(k));
  const out = allocate(dtype, n) as unknown as Elems;
  const s = src as unknown as Elems;
  let p = 0;
  for (let r = 0; r < off.length && p < n; r++) for (let i = 0; i < inner; i++) out[p++] = s[off[r] + i];
  return out as unknown as Data;
}

/** `scatter_nd`: updates added into zeros of `shape` at the index tuples (duplicates sum). */
export function scatterNdKernel(
  src: NumericData,
  shape: Shape,
  ind: NumericData,
  k: number,
  rows: number,
  dtype: DType,
): NumericData | number {
  const off = ndOffsets(shape, ind, k, rows);
  if (typeof off === 'number') return off;
  const inner = sizeOf(shape.slice(k));
  const out = allocate(dtype, sizeOf(shape)) as NumericData;
  let p = 0;
  for (let r = 0; r < off.length; r++) for (let i = 0; i < inner; i++) out[off[r] + i] += src[p++];
  return out;
}
