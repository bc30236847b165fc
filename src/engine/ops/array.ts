import { EngineError, opError } from '../errors';
import { broadcastIndex } from '../kernels/elementwise';
import { allocate, type DType, type NumericData } from '../tensor/dtype';
import { broadcastShapes, type Shape, shapesEqual, shapeText, sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { type TensorLike, toTensor } from './convert';
import { apply, defineOp } from './registry';

/** `tf.reshape`; one dimension may be -1. */
export const Reshape = defineOp<{ shape: Shape }>({
  name: 'Reshape',
  infer: ([x], { shape }) => ({ shape: resolveReshape(x.shape, shape), dtype: x.dtype }),
  kernel: ([x]) => x.data,
  vjp: (g, { inputs: [x] }) => [reshape(g, x.shape)],
});
export function reshape(x: TensorLike, shape: Shape): Tensor {
  const t = toTensor(x);
  return apply(Reshape, [t], { shape });
}

function resolveReshape(from: Shape, to: Shape): number[] {
  const n = sizeOf(from);
  const unknown = to.indexOf(-1);
  if (unknown >= 0) {
    if (to.indexOf(-1, unknown + 1) >= 0) {
      throw opError('Reshape', `Only one input size may be -1, not both ${unknown} and ${to.indexOf(-1, unknown + 1)}`);
    }
    const known = to.reduce((a, d, i) => (i === unknown ? a : a * d), 1);
    if (known === 0 || n % known !== 0) {
      throw opError(
        'Reshape',
        `Input to reshape is a tensor with ${n} values, but the requested shape requires a multiple of ${known}`,
      );
    }
    return to.map((d) => (d === -1 ? n / known : d));
  }
  if (sizeOf(to) !== n) {
    throw opError(
      'Reshape',
      `Input to reshape is a tensor with ${n} values, but the requested shape has ${sizeOf(to)}`,
    );
  }
  return [...to];
}

/** `tf.broadcast_to`. Its gradient is the upstream itself: backprop sums it back to the input's shape. */
export const BroadcastTo = defineOp<{ shape: Shape }>({
  name: 'BroadcastTo',
  infer: ([x], { shape }) => {
    const s = broadcastShapes(x.shape, shape, 'BroadcastTo');
    if (!shapesEqual(s, shape)) {
      throw opError(
        'BroadcastTo',
        `Unable to broadcast tensor of shape ${shapeText(x.shape)} to tensor of shape ${shapeText(shape)}`,
      );
    }
    return { shape, dtype: x.dtype };
  },
  kernel: ([x], { shape }, _s, dtype) => {
    const idx = broadcastIndex(x.shape, shape);
    const out = allocate(dtype, idx.length) as NumericData | string[];
    const src = x.data as ArrayLike<number | string>;
    for (let i = 0; i < idx.length; i++) (out as (number | string)[])[i] = src[idx[i]];
    return out;
  },
  vjp: (g) => [g],
});
export function broadcastTo(x: TensorLike, shape: Shape): Tensor {
  const t = toTensor(x);
  return shapesEqual(t.shape, shape) ? t : apply(BroadcastTo, [t], { shape });
}

/** `tf.fill` with a JS value: a source op (no inputs, nothing to differentiate). */
export const Fill = defineOp<{ shape: Shape; dtype: DType; value: number | string }>({
  name: 'Fill',
  infer: (_i, { shape, dtype }) => {
    if (shape.some((d) => d < 0 || !Number.isInteger(d))) {
      throw new EngineError(
        'InvalidArgumentError',
        `Dimension ${shape.find((d) => d < 0)} must be >= 0 [Op:Fill]`,
        'Fill',
      );
    }
    return { shape, dtype };
  },
  kernel: (_i, { value }, shape, dtype) => {
    const out = allocate(dtype, sizeOf(shape));
    (out as { fill(v: unknown): unknown }).fill(value);
    return out;
  },
  vjp: 'none',
});
export const fill = (shape: Shape, value: number | string, dtype: DType = 'float32'): Tensor =>
  apply(Fill, [], { shape, dtype, value });
export const zeros = (shape: Shape, dtype: DType = 'float32'): Tensor =>
  fill(shape, dtype === 'string' ? '' : 0, dtype);
export const ones = (shape: Shape, dtype: DType = 'float32'): Tensor => fill(shape, 1, dtype);
export const zerosLike = (x: Tensor, dtype: DType = x.dtype): Tensor => zeros(x.shape, dtype);
export const onesLike = (x: Tensor, dtype: DType = x.dtype): Tensor => ones(x.shape, dtype);

/** `tf.concat(values, axis)`; the gradient slices the upstream back into the pieces (AG `_ConcatGradHelper`). */
export const ConcatV2 = defineOp<{ axis: number }>({
  name: 'ConcatV2',
  infer: (xs, { axis }) => {
    const first = xs[0];
    const d = first.dtype;
    let total = 0;
    xs.forEach((x, i) => {
      if (x.dtype !== d) {
        throw opError(
          'ConcatV2',
          `cannot compute ConcatV2 as input #${i}(zero-based) was expected to be a ${d} tensor but is a ${x.dtype} tensor`,
        );
      }
      if (x.rank !== first.rank || x.shape.some((s, k) => k !== axis && s !== first.shape[k])) {
        throw opError(
          'ConcatV2',
          `ConcatOp : Dimension ${x.shape.findIndex((s, k) => k !== axis && s !== first.shape[k])} in both shapes must be equal: shape[0] = ${shapeText(first.shape)} vs. shape[${i}] = ${shapeText(x.shape)}`,
        );
      }
      total += x.shape[axis];
    });
    const shape = [...first.shape];
    shape[axis] = total;
    return { shape, dtype: d };
  },
  kernel: (xs, { axis }, shape, dtype) => {
    const out = allocate(dtype, sizeOf(shape)) as (number | string)[];
    const outer = sizeOf(shape.slice(0, axis));
    const inner = sizeOf(shape.slice(axis + 1));
    let k = 0;
    for (let o = 0; o < outer; o++) {
      for (const x of xs) {
        const rows = x.shape[axis] * inner;
        const src = x.data as ArrayLike<number | string>;
        for (let i = 0; i < rows; i++) out[k++] = src[o * rows + i];
      }
    }
    return out as unknown as NumericData;
  },
  vjp: (g, { inputs, attrs: { axis } }) => {
    let start = 0;
    return inputs.map((x) => {
      const piece = sliceAxis(g, axis, start, x.shape[axis]);
      start += x.shape[axis];
      return piece;
    });
  },
});

export function concat(values: readonly TensorLike[], axis: number): Tensor {
  const ts = values.map((v) => toTensor(v));
  if (ts.length === 0)
    throw new EngineError(
      'ValueError',
      "List argument 'values' to 'ConcatV2' Op with length 0 shorter than minimum length 1.",
    );
  const a = axis < 0 ? axis + ts[0].rank : axis;
  if (a < 0 || a >= ts[0].rank) {
    throw opError(
      'ConcatV2',
      `ConcatOp : Expected concatenating dimensions in the range [${-ts[0].rank}, ${ts[0].rank}), but got ${axis}`,
    );
  }
  return ts.length === 1 ? ts[0] : apply(ConcatV2, ts, { axis: a });
}

/** A contiguous block along one axis: `x[..., start:start+size, ...]`. Its gradient pads back with zeros. */
export const SliceAxis = defineOp<{ axis: number; start: number; size: number }>({
  name: 'Slice',
  infer: ([x], { axis, size }) => {
    const shape = [...x.shape];
    shape[axis] = size;
    return { shape, dtype: x.dtype };
  },
  kernel: ([x], { axis, start, size }, shape, dtype) => {
    const out = allocate(dtype, sizeOf(shape)) as (number | string)[];
    const outer = sizeOf(x.shape.slice(0, axis));
    const inner = sizeOf(x.shape.slice(axis + 1));
    const dim = x.shape[axis];
    const src = x.data as ArrayLike<number | string>;
    let k = 0;
    for (let o = 0; o < outer; o++) {
      const base = (o * dim + start) * inner;
      for (let i = 0; i < size * inner; i++) out[k++] = src[base + i];
    }
    return out as unknown as NumericData;
  },
  vjp: (g, { inputs: [x], attrs: { axis, start, size } }) => {
    const parts: Tensor[] = [];
    const before = [...x.shape];
    before[axis] = start;
    const after = [...x.shape];
    after[axis] = x.shape[axis] - start - size;
    if (start > 0) parts.push(zeros(before, g.dtype));
    parts.push(g);
    if (after[axis] > 0) parts.push(zeros(after, g.dtype));
    return [concat(parts, axis)];
  },
});
export function sliceAxis(x: Tensor, axis: number, start: number, size: number): Tensor {
  return apply(SliceAxis, [x], { axis, start, size });
}
