import { reduce, reducedShape } from '../kernels/reduce';
import { normAxis } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { broadcastTo, reshape } from './array';
import { type TensorLike, toTensor } from './convert';
import { unsupported } from './define';
import { apply, defineOp } from './registry';

export interface ReduceAttrs {
  /** Normalised, sorted, unique axes. */
  axes: number[];
  keepdims: boolean;
}

/** Normalise `axis` (undefined = all, a number or a list) to sorted unique non-negative axes. */
export function reductionAxes(axis: number | readonly number[] | undefined | null, rank: number, op: string): number[] {
  if (axis === undefined || axis === null) return [...Array(rank).keys()];
  const list = typeof axis === 'number' ? [axis] : axis;
  return [...new Set(list.map((a) => normAxis(a, rank, op)))].sort((a, b) => a - b);
}

/** The upstream gradient of a reduction, broadcast back to the input's shape (TF `_SumGrad`: reshape, then tile). */
export function unreduce(g: Tensor, x: Tensor, { axes }: ReduceAttrs): Tensor {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return broadcastTo(reshape(g, kept), x.shape);
}

export const Sum = defineOp<ReduceAttrs>({
  name: 'Sum',
  infer: ([x], { axes, keepdims }) => {
    if (x.dtype === 'string') throw unsupported('Sum', x.dtype);
    return { shape: reducedShape(x.shape, axes, keepdims), dtype: x.dtype === 'bool' ? 'int64' : x.dtype };
  },
  kernel: ([x], { axes }, shape, dtype) => reduce(x, axes, shape, dtype, 0, (a, v) => a + v),
  vjp: (g, { inputs: [x], attrs }) => [unreduce(g, x, attrs)],
});

export function reduceSum(x: TensorLike, axis?: number | readonly number[] | null, keepdims = false): Tensor {
  const t = toTensor(x);
  return apply(Sum, [t], { axes: reductionAxes(axis, t.rank, 'Sum'), keepdims });
}
