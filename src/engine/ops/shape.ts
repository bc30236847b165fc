import { EngineError, opError } from '../errors';
import { stridedGather, tileKernel } from '../kernels/slice';
import { transposeKernel } from '../kernels/transpose';
import { allocate, type DType, type NumericData } from '../tensor/dtype';
import { type Shape, shapesEqual, shapeText, sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { reshape, sliceAxis } from './array';
import { type TensorLike, toTensor } from './convert';
import { type OpDisplay, one } from './display';
import { reduceSum } from './reduce';
import { apply, defineOp } from './registry';

// ---- rank-changing views: ExpandDims, Squeeze (gradients reshape back, AG `_ReshapeToInput`) -------------------

export const ExpandDims = defineOp<{ axis: number }>({
  name: 'ExpandDims',
  display: { api: 'tf.expand_dims', derivative: one },
  infer: ([x], { axis }) => {
    if (axis < -1 - x.rank || axis > x.rank) {
      throw opError('ExpandDims', `Tried to expand dim index ${axis} for tensor with ${x.rank} dimensions.`);
    }
    const a = axis < 0 ? axis + x.rank + 1 : axis;
    return { shape: [...x.shape.slice(0, a), 1, ...x.shape.slice(a)], dtype: x.dtype };
  },
  kernel: ([x]) => x.data,
  vjp: (g, { inputs: [x] }) => [reshape(g, x.shape)],
});
export const expandDims = (x: TensorLike, axis: number): Tensor => apply(ExpandDims, [toTensor(x)], { axis });

export const Squeeze = defineOp<{ axis: number[] }>({
  name: 'Squeeze',
  display: { api: 'tf.squeeze', derivative: one },
  infer: ([x], { axis }) => {
    const drop = new Set<number>();
    for (const a of axis) {
      if (a < -x.rank || a >= x.rank) {
        throw opError('Squeeze', `Tried to squeeze dim index ${a} for tensor with ${x.rank} dimensions.`);
      }
      drop.add(a < 0 ? a + x.rank : a);
    }
    const shape: number[] = [];
    x.shape.forEach((d, i) => {
      if (axis.length === 0 ? d === 1 : drop.has(i)) {
        if (d !== 1) throw opError('Squeeze', `Can not squeeze dim[${i}], expected a dimension of 1, got ${d}`);
      } else shape.push(d);
    });
    return { shape, dtype: x.dtype };
  },
  kernel: ([x]) => x.data,
  vjp: (g, { inputs: [x] }) => [reshape(g, x.shape)],
});
/** `tf.squeeze(x, axis=None)`: without `axis` every size-1 dimension goes. */
export function squeeze(x: TensorLike, axis?: number | readonly number[] | null): Tensor {
  const list = axis === undefined || axis === null ? [] : typeof axis === 'number' ? [axis] : [...axis];
  return apply(Squeeze, [toTensor(x)], { axis: list });
}

// ---- Transpose ------------------------------------------------------------------------------------------------

export const Transpose = defineOp<{ perm: number[] }>({
  name: 'Transpose',
  display: { api: 'tf.transpose' },
  infer: ([x], { perm }) => {
    if (perm.length !== x.rank) {
      throw opError(
        'Transpose',
        `transpose expects a vector of size ${x.rank}. But input(1) is a vector of size ${perm.length}`,
      );
    }
    const seen = new Array<boolean>(x.rank).fill(false);
    for (const d of perm) {
      if (!(d >= 0 && d < x.rank)) throw opError('Transpose', `${d} is out of range [0 .. ${x.rank})`);
      seen[d] = true;
    }
    const missing = seen.indexOf(false);
    if (missing >= 0) throw opError('Transpose', `${missing} is missing from {${perm.join(',')}}.`);
    return { shape: perm.map((p) => x.shape[p]), dtype: x.dtype };
  },
  kernel: ([x], { perm }, _s, dtype) =>
    perm.every((p, i) => p === i) ? x.data : transposeKernel(x.data, x.shape, perm, dtype),
  // AG `_TransposeGrad`: transpose back with the inverse permutation.
  vjp: (g, { attrs: { perm } }) => [transpose(g, invertPermutation(perm))],
});

export function invertPermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}

/** `tf.transpose(a, perm=None)`: without `perm` the axes are reversed. */
export function transpose(x: TensorLike, perm?: readonly number[] | null): Tensor {
  const t = toTensor(x);
  const p = perm ? [...perm] : [...Array(t.rank).keys()].reverse();
  return apply(Transpose, [t], { perm: p });
}

// ---- Pack (stack) / unstack / split ---------------------------------------------------------------------------

export const Pack = defineOp<{ axis: number }>({
  name: 'Pack',
  display: { api: 'tf.stack' },
  infer: (xs, { axis }) => {
    const first = xs[0];
    xs.forEach((x, i) => {
      if (x.dtype !== first.dtype) {
        throw opError(
          'Pack',
          `cannot compute Pack as input #${i}(zero-based) was expected to be a ${first.dtype} tensor but is a ${x.dtype} tensor`,
        );
      }
      if (!shapesEqual(x.shape, first.shape)) {
        throw new EngineError(
          'InvalidArgumentError',
          `Shapes of all inputs must match: values[0].shape = ${shapeText(first.shape)} != values[${i}].shape = ${shapeText(x.shape)} [Op:Pack] name: stack`,
          'Pack',
        );
      }
    });
    return { shape: [...first.shape.slice(0, axis), xs.length, ...first.shape.slice(axis)], dtype: first.dtype };
  },
  kernel: (xs, { axis }, shape, dtype) => {
    const out = allocate(dtype, sizeOf(shape)) as unknown as { [i: number]: number | string };
    const outer = sizeOf(shape.slice(0, axis));
    const inner = sizeOf(shape.slice(axis + 1));
    let k = 0;
    for (let o = 0; o < outer; o++) {
      for (const x of xs) {
        const src = x.data as ArrayLike<number | string>;
        const base = o * inner;
        for (let i = 0; i < inner; i++) out[k++] = src[base + i];
      }
    }
    return out as unknown as NumericData;
  },
  // AG `_PackGrad`: unstack the upstream along the packed axis.
  vjp: (g, { attrs: { axis } }) => unstack(g, axis),
});

/** `tf.stack(values, axis=0)`. */
export function stack(values: readonly TensorLike[], axis = 0): Tensor {
  if (values.length === 0) {
    throw new EngineError(
      'ValueError',
      "List argument 'values' to 'Pack' Op with length 0 shorter than minimum length 1.",
    );
  }
  const first = toTensor(values[0]);
  const ts = values.map((v, i) => (i === 0 ? first : toTensor(v, isTensorish(v) ? undefined : first.dtype)));
  const n = first.rank + 1;
  if (axis < -n || axis >= n)
    throw new EngineError('ValueError', `Argument \`axis\` = ${axis} not in range [${-n}, ${n})`);
  return apply(Pack, ts, { axis: axis < 0 ? axis + n : axis });
}

function isTensorish(v: TensorLike): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `tf.unstack(value, num=None, axis=0)`, composed as TF's Unpack computes it: one slice per index, axis dropped. */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  const t = toTensor(x);
  if (axis < -t.rank || axis >= t.rank) {
    throw new EngineError('ValueError', `Argument \`axis\` = ${axis} not in range [${-t.rank}, ${t.rank})`);
  }
  const a = axis < 0 ? axis + t.rank : axis;
  const rest = [...t.shape.slice(0, a), ...t.shape.slice(a + 1)];
  return Array.from({ length: t.shape[a] }, (_, i) => reshape(sliceAxis(t, a, i, 1), rest));
}

/**
 * `tf.split(value, num_or_size_splits, axis=0)`: equal parts (TF `Split`) or the listed sizes, one of which may be
 * -1 (TF `SplitV`). Composed of slices, whose gradients pad back — the sum is TF's concat of the upstreams.
 */
export function split(x: TensorLike, numOrSizeSplits: number | readonly number[], axis = 0): Tensor[] {
  const t = toTensor(x);
  const isNum = typeof numOrSizeSplits === 'number';
  const op = isNum ? 'Split' : 'SplitV';
  if (axis < -t.rank || axis >= t.rank) {
    throw opError(op, `-${t.rank} <= split_dim < ${t.rank} is required, but got ${axis}`);
  }
  const a = axis < 0 ? axis + t.rank : axis;
  const dim = t.shape[a];
  let sizes: number[];
  if (isNum) {
    const n = numOrSizeSplits as number;
    if (n <= 0 || dim % n !== 0) {
      throw opError(
        'Split',
        `Number of ways to split should evenly divide the split dimension, but got split_dim ${a} (size = ${dim}) and num_split ${n}`,
      );
    }
    sizes = new Array<number>(n).fill(dim / n);
  } else {
    sizes = [...(numOrSizeSplits as readonly number[])];
    const unknown = sizes.indexOf(-1);
    const known = sizes.reduce((s, v) => (v === -1 ? s : s + v), 0);
    if (unknown >= 0) {
      const second = sizes.indexOf(-1, unknown + 1);
      if (second >= 0) {
        throw opError('SplitV', `Only one dimensions can have a value of-1. Second one found at dimension ${second}`);
      }
      sizes[unknown] = dim - known;
    }
    if ((unknown < 0 && known !== dim) || (unknown >= 0 && known > dim) || sizes.some((s) => s < 0)) {
      throw opError(
        'SplitV',
        `Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of the input along split_dim if not fully specified.  Got: ${known}`,
      );
    }
  }
  let start = 0;
  return sizes.map((s) => {
    const piece = sliceAxis(t, a, start, s);
    start += s;
    return piece;
  });
}

// ---- Tile, ReverseV2 ------------------------------------------------------------------------------------------

export const Tile = defineOp<{ multiples: number[] }>({
  name: 'Tile',
  display: { api: 'tf.tile' },
  infer: ([x], { multiples }) => {
    if (multiples.length !== x.rank) {
      throw opError(
        'Tile',
        `Expected multiples argument to be a vector of length ${x.rank} but got length ${multiples.length}`,
      );
    }
    multiples.forEach((m, i) => {
      if (m < 0) throw opError('Tile', `Expected multiples[${i}] >= 0, but got ${m}`);
    });
    return { shape: x.shape.map((d, i) => d * multiples[i]), dtype: x.dtype };
  },
  kernel: ([x], _a, shape, dtype) => tileKernel(x.data, x.shape, shape, dtype),
  // AG `_TileGrad`: reshape the upstream to interleaved [multiple, size] pairs and sum the multiples away.
  vjp: (g, { inputs: [x], attrs: { multiples } }) => {
    const split = x.shape.flatMap((d, i) => [multiples[i], d]);
    const axes = multiples.map((_, i) => 2 * i);
    return [reduceSum(reshape(g, split), axes)];
  },
});
export function tile(x: TensorLike, multiples: readonly number[]): Tensor {
  return apply(Tile, [toTensor(x)], { multiples: [...multiples] });
}

export const ReverseV2 = defineOp<{ axes: number[] }>({
  name: 'ReverseV2',
  display: { api: 'tf.reverse' },
  infer: ([x], { axes }) => {
    const seen = new Set<number>();
    axes.forEach((axis, i) => {
      const c = axis < 0 ? axis + x.rank : axis;
      if (!(c >= 0 && c < x.rank)) {
        throw opError('ReverseV2', `'axis'[${i}] = ${axis} is out of valid range [0, ${x.rank - 1}`);
      }
      if (seen.has(c)) throw opError('ReverseV2', `axis ${c} specified more than once.`);
      seen.add(c);
    });
    return { shape: x.shape, dtype: x.dtype };
  },
  kernel: ([x], { axes }, shape, dtype) => {
    if (x.rank === 0) return x.data;
    const rev = new Set(axes.map((a) => (a < 0 ? a + x.rank : a)));
    return stridedGather(
      x.data,
      x.shape,
      shape.map((d, i) => (rev.has(i) ? d - 1 : 0)),
      shape.map((_, i) => (rev.has(i) ? -1 : 1)),
      shape,
      dtype,
    );
  },
  vjp: (g, { attrs: { axes } }) => [reverse(g, axes)],
});
/** `tf.reverse(tensor, axis)`. */
export function reverse(x: TensorLike, axis: number | readonly number[]): Tensor {
  return apply(ReverseV2, [toTensor(x)], { axes: typeof axis === 'number' ? [axis] : [...axis] });
}

// ---- shape queries: Shape, Size, Rank (NotDifferentiable; int outputs) ----------------------------------------

function shapeQuery(name: string, display: OpDisplay, value: (x: Tensor) => number[], outShape: (x: Tensor) => Shape) {
  return defineOp<{ outType: DType }>({
    name,
    display,
    infer: ([x], { outType }) => ({ shape: outShape(x), dtype: outType }),
    kernel: ([x], { outType }) => {
      const v = value(x);
      const out = allocate(outType, v.length) as NumericData;
      v.forEach((d, i) => {
        out[i] = d;
      });
      return out;
    },
    vjp: 'none',
  });
}
export const ShapeOp = shapeQuery(
  'Shape',
  { api: 'tf.shape' },
  (x) => [...x.shape],
  (x) => [x.rank],
);
export const SizeOp = shapeQuery(
  'Size',
  { api: 'tf.size' },
  (x) => [sizeOf(x.shape)],
  () => [],
);
export const RankOp = shapeQuery(
  'Rank',
  { api: 'tf.rank' },
  (x) => [x.rank],
  () => [],
);

function checkOutType(outType: DType): DType {
  if (outType !== 'int32' && outType !== 'int64') {
    throw new EngineError(
      'TypeError',
      `Value for attr 'out_type' of ${outType} is not in the list of allowed values: int32, int64`,
    );
  }
  return outType;
}
/** `tf.shape(x, out_type=tf.int32)`. */
export const shape = (x: TensorLike, outType: DType = 'int32'): Tensor =>
  apply(ShapeOp, [toTensor(x)], { outType: checkOutType(outType) });
/** `tf.size(x, out_type=tf.int32)`. */
export const size = (x: TensorLike, outType: DType = 'int32'): Tensor =>
  apply(SizeOp, [toTensor(x)], { outType: checkOutType(outType) });
/** `tf.rank(x)`: an int32 scalar. */
export const rank = (x: TensorLike): Tensor => apply(RankOp, [toTensor(x)], { outType: 'int32' });
