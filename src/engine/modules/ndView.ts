/**
 * NumPy's view arithmetic: where a view's elements sit in the store of the array it came from, as an offset and
 * one stride per axis (in elements), and how basic indexing, transposition and reshaping change them. A reshape is
 * a view only when NumPy can make one without copying (its no-copy reshape rule); otherwise it is a copy.
 */
import { resolveStridedSlice, type SliceItem } from '../ops/slice';

export interface Layout {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

const cStrides = (shape: readonly number[]): number[] => {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
};

/** The layout of a whole contiguous array. */
export const cLayout = (shape: readonly number[]): Layout => ({ shape, strides: cStrides(shape), offset: 0 });

/** True when the elements are consecutive in C order (axes of length 1 place no constraint). */
export function isContiguous(l: Layout): boolean {
  let acc = 1;
  for (let i = l.shape.length - 1; i >= 0; i--) {
    if (l.shape[i] !== 1 && l.strides[i] !== acc) return false;
    acc *= l.shape[i];
  }
  return true;
}

/** The store positions of the elements, in C order. */
export function positions(l: Layout): Int32Array {
  const size = l.shape.reduce((a, b) => a * b, 1);
  const out = new Int32Array(size);
  if (size === 0) return out;
  const rank = l.shape.length;
  const idx = new Array<number>(rank).fill(0);
  let p = l.offset;
  for (let k = 0; k < size; k++) {
    out[k] = p;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      p += l.strides[d];
      if (idx[d] < l.shape[d]) break;
      p -= l.strides[d] * l.shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * `a[spec]` for basic indices (integers, slices, None, Ellipsis): the view's layout, or undefined when the result
 * is not a view. The bounds are resolved (and checked) as the slicing op resolves them.
 */
export function sliceLayout(l: Layout, spec: readonly SliceItem[]): Layout | undefined {
  const r = resolveStridedSlice(l.shape, spec);
  const consuming = spec.filter((s) => s.kind === 'index' || s.kind === 'slice').length;
  const items = spec.some((s) => s.kind === 'ellipsis') ? spec : [...spec, { kind: 'ellipsis' } as SliceItem];
  const shape: number[] = [];
  const strides: number[] = [];
  let offset = l.offset;
  let axis = 0;
  const take = (keep: boolean) => {
    offset += r.begin[axis] * l.strides[axis];
    if (keep) {
      shape.push(r.processing[axis]);
      strides.push(l.strides[axis] * r.strides[axis]);
    }
    axis++;
  };
  for (const s of items) {
    if (s.kind === 'newaxis') {
      shape.push(1);
      strides.push(0);
    } else if (s.kind === 'index') take(false);
    else if (s.kind === 'slice') take(true);
    else for (let k = l.shape.length - consuming; k > 0; k--) take(true);
  }
  if (axis !== l.shape.length || shape.length !== r.final.length || shape.some((d, i) => d !== r.final[i])) {
    return undefined;
  }
  return { shape, strides, offset };
}

/** The axes permuted (`perm[i]` is the old axis that becomes axis i). */
export const transposeLayout = (l: Layout, perm: readonly number[]): Layout => ({
  shape: perm.map((p) => l.shape[p]),
  strides: perm.map((p) => l.strides[p]),
  offset: l.offset,
});

/** NumPy's no-copy reshape: the new layout when the elements can be viewed in `shape` as they lie, else undefined. */
export function reshapeLayout(l: Layout, shape: readonly number[]): Layout | undefined {
  const size = l.shape.reduce((a, b) => a * b, 1);
  if (shape.reduce((a, b) => a * b, 1) !== size) return undefined;
  if (size === 0 || isContiguous(l)) return { shape, strides: cStrides(shape), offset: l.offset };
  const oldDims: number[] = [];
  const oldStrides: number[] = [];
  l.shape.forEach((d, i) => {
    if (d !== 1) {
      oldDims.push(d);
      oldStrides.push(l.strides[i]);
    }
  });
  const newStrides = new Array<number>(shape.length).fill(0);
  let oi = 0;
  let oj = 1;
  let ni = 0;
  let nj = 1;
  while (ni < shape.length && oi < oldDims.length) {
    let np = shape[ni];
    let op = oldDims[oi];
    while (np !== op) {
      if (np < op) np *= shape[nj++];
      else op *= oldDims[oj++];
    }
    for (let ok = oi; ok < oj - 1; ok++) if (oldStrides[ok] !== oldDims[ok + 1] * oldStrides[ok + 1]) return undefined;
    newStrides[nj - 1] = oldStrides[oj - 1];
    for (let nk = nj - 1; nk > ni; nk--) newStrides[nk - 1] = newStrides[nk] * shape[nk];
    ni = nj++;
    oi = oj++;
  }
  return { shape, strides: newStrides, offset: l.offset };
}
