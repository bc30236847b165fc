/**
 * NumPy indexing of a tensor (`x[:, (0, 1, 2), [1, 2, 3]]`, `x[mask]`), as tensors index with NumPy behaviour on.
 * A subscript of only ints, slices, `None` and `...` is a strided slice; one with index arrays (lists, tuples,
 * tensors, arrays of ints or bools) follows NumPy's advanced-indexing rules and is computed as one `gather` from the
 * flattened tensor, so the gradient flows back to the indexed elements.
 */

import { reshape } from '../ops/array';
import { gather } from '../ops/gather';
import { stridedSlice } from '../ops/slice';
import { IndexError, pyError } from '../python/exceptions';
import { Ellipsis, PyInstance, PyList, PySlice, PyTuple, type PyValue } from '../python/values';
import { Tensor, Variable } from '../tensor/tensor';
import { NdArray } from './boxes';
import { toNested, toTensor } from './convert';
import { npInfer } from './npTypes';
import { sliceSpec } from './operators';

type Item =
  | { kind: 'slice'; idx: number[] } // the positions a slice keeps
  | { kind: 'int'; i: number } // an int drops its dimension (as a basic index, also among index arrays)
  | { kind: 'newaxis' }
  | { kind: 'array'; shape: number[]; data: number[] }; // an integer index array (bools become their nonzero)

function isArrayKey(k: PyValue): boolean {
  if (k instanceof PyList || k instanceof PyTuple) return true;
  if (k instanceof PyInstance) {
    const p = k.payload;
    const t = p instanceof Tensor ? p : p instanceof Variable ? p.value : p instanceof NdArray ? p.t : undefined;
    return t !== undefined && (t.rank > 0 || t.dtype === 'bool');
  }
  return false;
}

/** `x[key]` with NumPy's rules. */
export function numpyGetItem(x: Tensor, key: PyValue): Tensor {
  // A tuple subscript is a tuple of indices; a list is one index array.
  const keys = key instanceof PyTuple ? key.items : [key];
  if (!keys.some(isArrayKey)) return stridedSlice(x, sliceSpec(key));
  return advanced(x, keys);
}

function indexArray(k: PyValue): { shape: number[]; data: number[]; bool: boolean } {
  const t =
    k instanceof PyInstance && !(k.payload instanceof NdArray)
      ? toTensor(k)
      : k instanceof PyInstance
        ? (k.payload as NdArray).t
        : (() => {
            const n = toNested(k, true);
            const d = npInfer(n);
            return toTensor(k, d === 'float64' ? undefined : d === 'bool' ? 'bool' : 'int64');
          })();
  if (t.dtype !== 'bool' && t.dtype !== 'int32' && t.dtype !== 'int64') {
    throw pyError(
      IndexError,
      'only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices',
    );
  }
  const data: number[] = [];
  for (let i = 0; i < t.size; i++) data.push(t.num(i));
  return { shape: [...t.shape], data, bool: t.dtype === 'bool' };
}

function advanced(x: Tensor, keys: readonly PyValue[]): Tensor {
  // Expand `...` and turn every key into an item over the input's dimensions.
  const consumed = keys.reduce<number>((n, k) => {
    if (k === null || k === Ellipsis) return n;
    if (isArrayKey(k)) {
      const a = indexArray(k);
      return n + (a.bool ? a.shape.length : 1);
    }
    return n + 1;
  }, 0);
  if (consumed > x.rank) {
    throw pyError(
      IndexError,
      `too many indices for array: array is ${x.rank}-dimensional, but ${consumed} were indexed`,
    );
  }
  const items: Item[] = [];
  const advancedAt: number[] = []; // positions in `items` of the advanced indices
  let dim = 0;
  let sawEllipsis = false;
  const full = (d: number) => Array.from({ length: x.shape[d] }, (_, i) => i);
  for (const k of keys) {
    if (k === null) {
      items.push({ kind: 'newaxis' });
    } else if (k === Ellipsis) {
      if (sawEllipsis) throw pyError(IndexError, "an index can only have a single ellipsis ('...')");
      sawEllipsis = true;
      for (let j = 0; j < x.rank - consumed; j++) items.push({ kind: 'slice', idx: full(dim++) });
    } else if (isArrayKey(k)) {
      const a = indexArray(k);
      if (a.bool) {
        // A boolean mask over `a.shape.length` dimensions: one index array per dimension (its nonzero).
        const nd = a.shape.length;
        const per: number[][] = Array.from({ length: nd }, () => []);
        for (let f = 0; f < a.data.length; f++) {
          if (a.data[f] === 0) continue;
          let r = f;
          for (let j = nd - 1; j >= 0; j--) {
            per[j].push(r % a.shape[j]);
            r = Math.floor(r / a.shape[j]);
          }
        }
        for (let j = 0; j < nd; j++) {
          advancedAt.push(items.length);
          items.push({ kind: 'array', shape: [per[j].length], data: checked(per[j], x.shape[dim], dim) });
          dim++;
        }
      } else {
        advancedAt.push(items.length);
        items.push({ kind: 'array', shape: a.shape, data: checked(a.data, x.shape[dim], dim) });
        dim++;
      }
    } else if (k instanceof PySlice) {
      const r = stridedSlice(new Tensor('int32', [x.shape[dim]], Int32Array.from(full(dim))), sliceSpec(k));
      items.push({ kind: 'slice', idx: Array.from(r.data as Int32Array) });
      dim++;
    } else {
      // TF applies an int as a basic index before the index arrays: it never moves the arrays' dimensions (NumPy
      // would count it among them).
      const i = Number(toTensor(k).num(0));
      items.push({ kind: 'int', i: checked([i], x.shape[dim], dim)[0] });
      dim++;
    }
  }
  while (dim < x.rank) items.push({ kind: 'slice', idx: full(dim++) });

  // The advanced indices broadcast together; their dimensions go where the first one was if they are adjacent,
  // else first.
  const arrays = items.filter((it): it is Extract<Item, { kind: 'array' }> => it.kind === 'array');
  const bshape = broadcastShapes(arrays.map((a) => a.shape));
  // Adjacency is judged with the ints already applied (they are gone from the subscript by then).
  const kept = advancedAt.map((p) => p - items.slice(0, p).filter((it) => it.kind === 'int').length);
  const adjacent = kept.every((p, i) => i === 0 || p === kept[i - 1] + 1);
  const outShape: number[] = [];
  type Part = { kind: 'slice'; item: number } | { kind: 'adv' } | { kind: 'newaxis' };
  const parts: Part[] = [];
  if (!adjacent) parts.push({ kind: 'adv' });
  items.forEach((it, i) => {
    if (it.kind === 'array') {
      if (adjacent && i === advancedAt[0]) parts.push({ kind: 'adv' });
    } else if (it.kind === 'newaxis') parts.push({ kind: 'newaxis' });
    else if (it.kind === 'slice') parts.push({ kind: 'slice', item: i });
  });
  for (const p of parts) {
    if (p.kind === 'adv') outShape.push(...bshape);
    else if (p.kind === 'newaxis') outShape.push(1);
    else outShape.push((items[p.item] as { idx: number[] }).idx.length);
  }

  // Input strides over the items that consume a dimension.
  const strides: number[] = [];
  let s = 1;
  for (let d = x.rank - 1; d >= 0; d--) {
    strides[d] = s;
    s *= x.shape[d];
  }
  const dimOf: number[] = [];
  let d0 = 0;
  for (const it of items) dimOf.push(it.kind === 'newaxis' ? -1 : d0++);
  const total = outShape.reduce((a, b) => a * b, 1);
  const flat = new Int32Array(total);
  const pos = new Array<number>(outShape.length).fill(0);
  const bsize = bshape.reduce((a, b) => a * b, 1);
  for (let o = 0; o < total; o++) {
    // Split the output position into the slice coordinates and the broadcast (advanced) coordinate.
    let axis = 0;
    const sliceCoord = new Map<number, number>();
    let b = 0;
    for (const p of parts) {
      if (p.kind === 'adv') {
        for (let j = 0; j < bshape.length; j++) b = b * bshape[j] + pos[axis++];
      } else if (p.kind === 'newaxis') axis++;
      else sliceCoord.set(p.item, pos[axis++]);
    }
    let off = 0;
    items.forEach((it, i) => {
      if (it.kind === 'slice') off += it.idx[sliceCoord.get(i) as number] * strides[dimOf[i]];
      else if (it.kind === 'int') off += it.i * strides[dimOf[i]];
      else if (it.kind === 'array') off += it.data[broadcastIndex(it.shape, bshape, b, bsize)] * strides[dimOf[i]];
    });
    flat[o] = off;
    for (let j = outShape.length - 1; j >= 0; j--) {
      if (++pos[j] < outShape[j]) break;
      pos[j] = 0;
    }
  }
  const g = gather(reshape(x, [-1]), new Tensor('int32', [total], flat));
  return reshape(g, outShape);
}

function checked(idx: number[], n: number, dim: number): number[] {
  return idx.map((i) => {
    if (i < -n || i >= n) {
      throw pyError(IndexError, `index ${i} is out of bounds for axis ${dim} with size ${n}`);
    }
    return i < 0 ? i + n : i;
  });
}

function broadcastShapes(shapes: number[][]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = new Array(rank).fill(1);
  for (const sh of shapes) {
    for (let i = 0; i < sh.length; i++) {
      const j = rank - sh.length + i;
      if (sh[i] === out[j] || sh[i] === 1) continue;
      if (out[j] !== 1) {
        throw pyError(
          IndexError,
          `shape mismatch: indexing arrays could not be broadcast together with shapes ${shapes.map((q) => `(${q.join(',')}${q.length === 1 ? ',' : ''})`).join(' ')} `,
        );
      }
      out[j] = sh[i];
    }
  }
  return out;
}

/** The flat position in an index array of shape `shape` of broadcast position `b` in `bshape`. */
function broadcastIndex(shape: number[], bshape: number[], b: number, bsize: number): number {
  if (shape.length === 0) return 0;
  let rem = b;
  let size = bsize;
  let off = 0;
  let stride = 1;
  const coords: number[] = [];
  for (let j = 0; j < bshape.length; j++) {
    size /= bshape[j];
    coords.push(Math.floor(rem / size));
    rem %= size;
  }
  for (let j = shape.length - 1; j >= 0; j--) {
    const c = coords[bshape.length - shape.length + j];
    off += (shape[j] === 1 ? 0 : c) * stride;
    stride *= shape[j];
  }
  return off;
}
