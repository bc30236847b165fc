import { EngineError, opError } from '../errors';
import { broadcastIndex } from '../kernels/elementwise';
import { stridedGather, stridedScatter } from '../kernels/slice';
import { allocate, type DType, type NumericData } from '../tensor/dtype';
import { broadcastShapes, type Shape, shapesEqual, shapeText, sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { type TensorLike, toTensor } from './convert';
import { type OpDisplay, one } from './display';
import { apply, defineOp } from './registry';
import { reverse } from './shape';

/** `tf.reshape`; one dimension may be -1. */
export const Reshape = defineOp<{ shape: Shape }>({
  name: 'Reshape',
  display: { api: 'tf.reshape', derivative: one },
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
  display: { api: 'tf.broadcast_to', derivative: one },
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
    if (x.size === 1) {
      // A scalar (the gradient of a full reduction): one fill, no index array.
      const out = allocate(dtype, sizeOf(shape)) as NumericData | string[];
      (out as { fill(v: unknown): unknown }).fill((x.data as ArrayLike<number | string>)[0]);
      return out;
    }
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
  display: { api: 'tf.fill' },
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
  display: { api: 'tf.concat' },
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

/** `tf.slice(x, begin, size)`: a contiguous block. Its gradient pads the upstream back with zeros (AG `_SliceGrad`). */
export const Slice = defineOp<{ begin: number[]; size: number[] }>({
  name: 'Slice',
  display: { api: 'tf.slice' },
  infer: ([x], { size }) => ({ shape: size, dtype: x.dtype }),
  kernel: ([x], { begin, size }, _s, dtype) =>
    stridedGather(
      x.data,
      x.shape,
      begin,
      size.map(() => 1),
      size,
      dtype,
    ),
  vjp: (g, { inputs: [x], attrs: { begin, size } }) => [
    pad(
      g,
      begin.map((b, d) => [b, x.shape[d] - b - size[d]]),
    ),
  ],
});

/** `tf.slice`: `size[d] = -1` takes the rest of axis `d`; TF's bounds errors. */
export function slice(x: TensorLike, begin: readonly number[], size: readonly number[]): Tensor {
  const t = toTensor(x);
  if (begin.length !== t.rank || size.length !== t.rank) {
    throw opError(
      'Slice',
      `Expected begin and size arguments to be 1-D tensors of size ${t.rank}, but got shapes [${begin.length}] and [${size.length}] instead.`,
    );
  }
  const sz = size.map((s, d) => (s === -1 ? t.shape[d] - begin[d] : s));
  for (let d = 0; d < t.rank; d++) {
    if (begin[d] < 0 || begin[d] > t.shape[d]) {
      throw opError('Slice', `Expected begin[${d}] in [0, ${t.shape[d]}], but got ${begin[d]}`);
    }
    if (sz[d] < 0 || begin[d] + sz[d] > t.shape[d]) {
      throw opError('Slice', `Expected size[${d}] in [0, ${t.shape[d] - begin[d]}], but got ${size[d]}`);
    }
  }
  return apply(Slice, [t], { begin: [...begin], size: sz });
}

/** A contiguous block along one axis: `x[..., start:start+size, ...]` (a `Slice`). */
export function sliceAxis(x: Tensor, axis: number, start: number, size: number): Tensor {
  const begin = x.shape.map((_, d) => (d === axis ? start : 0));
  const sz = x.shape.map((n, d) => (d === axis ? size : n));
  return apply(Slice, [x], { begin, size: sz });
}

interface PadAttrs {
  paddings: number[][];
  value: number | string;
}

function padInfer([x]: readonly Tensor[], { paddings }: PadAttrs, op: string) {
  if (paddings.some((p) => p.length !== 2)) {
    throw opError(op, `paddings must be a matrix with 2 columns: [${paddings.length},${paddings[0].length}]`);
  }
  if (paddings.length !== x.rank) {
    throw opError(
      op,
      `The first dimension of paddings must be the rank of inputs[${paddings.length},${paddings[0]?.length ?? 2}], ${shapeText(x.shape)}`,
    );
  }
  paddings.forEach(([a, b]) => {
    if (a < 0 || b < 0) throw opError(op, `Paddings must be non-negative: ${a} ${b}`);
  });
  return { shape: x.shape.map((n, d) => n + paddings[d][0] + paddings[d][1]), dtype: x.dtype };
}

function padDef(name: 'Pad' | 'PadV2', display: OpDisplay) {
  return defineOp<PadAttrs>({
    name,
    display,
    infer: (xs, attrs) => padInfer(xs, attrs, name),
    kernel: ([x], { paddings, value }, shape, dtype) =>
      stridedScatter(
        x.data,
        x.shape,
        shape,
        paddings.map((p) => p[0]),
        paddings.map(() => 1),
        dtype,
        value,
      ),
    // AG `_PadGrad`: slice the original block out of the upstream; constant_values gets None.
    vjp: (g, { inputs: [x], attrs: { paddings } }) => [
      apply(Slice, [g], { begin: paddings.map((p) => p[0]), size: [...x.shape] }),
    ],
  });
}
export const Pad = padDef('Pad', { api: 'tf.pad' });
export const PadV2 = padDef('PadV2', { api: 'tf.pad' });

/**
 * `tf.pad(tensor, paddings, mode='CONSTANT', constant_values=0)`. CONSTANT with 0 is TF's `Pad`, other values
 * `PadV2`. REFLECT / SYMMETRIC (TF's `MirrorPad`) are composed here from slices, reversals and a concat per axis:
 * the same values, and a gradient that sums the mirrored contributions as `MirrorPadGrad` does.
 */
export function pad(
  x: TensorLike,
  paddings: readonly (readonly number[])[],
  mode: 'CONSTANT' | 'REFLECT' | 'SYMMETRIC' | string = 'CONSTANT',
  constantValues: number | string = 0,
): Tensor {
  const t = toTensor(x);
  const p = paddings.map((r) => [...r]);
  const m = mode.toUpperCase();
  if (m === 'CONSTANT') {
    const op = constantValues === 0 || constantValues === '' ? Pad : PadV2;
    return apply(op, [t], { paddings: p, value: constantValues });
  }
  if (m !== 'REFLECT' && m !== 'SYMMETRIC') {
    throw new EngineError(
      'ValueError',
      `Value of argument \`mode\` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". Received \`mode\` = ${mode}`,
    );
  }
  padInfer([t], { paddings: p, value: 0 }, 'MirrorPad');
  const offset = m === 'REFLECT' ? 1 : 0;
  let out = t;
  p.forEach(([before, after], d) => {
    const n = t.shape[d];
    if (before > n - offset || after > n - offset) {
      throw opError(
        'MirrorPad',
        offset
          ? `paddings must be less than the dimension size: ${before}, ${after} not less than ${n}`
          : `paddings must be no greater than the dimension size: ${before}, ${after} greater than ${n}`,
      );
    }
    const parts: Tensor[] = [];
    if (before > 0) parts.push(reverseAxis(sliceAxis(out, d, offset, before), d));
    parts.push(out);
    if (after > 0) parts.push(reverseAxis(sliceAxis(out, d, n - offset - after, after), d));
    out = concat(parts, d);
  });
  return out;
}

/** Reverse one axis with a negative-step strided `Slice`-family op (ReverseV2 lives in shape.ts). */
function reverseAxis(x: Tensor, axis: number): Tensor {
  return reverse(x, [axis]);
}
