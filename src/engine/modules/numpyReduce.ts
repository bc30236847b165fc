/**
 * NumPy's `sum`, `mean`, `var` and `std` of arrays: float arrays are summed as NumPy sums them (pairwise, in its
 * order over axes; `kernels/pairwiseSum.ts`), so the results equal NumPy's bit for bit; integer sums stay exact
 * integers; integer means, variances and deviations are taken in float64, as NumPy does.
 */
import { numpySum } from '../kernels/pairwiseSum';
import { mul, sub } from '../ops/math';
import { reduceMean, reduceSum, reduceVariance } from '../ops/reduce';
import { castTensorData } from '../tensor/convert';
import { Tensor } from '../tensor/tensor';

type Axis = number | number[] | undefined;

/** The reduced axes, normalized and checked; undefined when one is out of range (the TF op raises then). */
function axesOf(rank: number, axis: Axis): number[] | undefined {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a));
  if (list.some((a) => a < 0 || a >= rank) || new Set(list).size !== list.length) return undefined;
  return list;
}

const isFloat = (t: Tensor) => t.dtype === 'float64' || t.dtype === 'float32';
const asFloat = (t: Tensor) => (isFloat(t) ? t : castTensorData(t, 'float64'));

/** The sum over `axes` of a float tensor, with the reduced axes kept as 1 when `keep`. */
function floatSum(t: Tensor, axes: number[], keep: boolean): Tensor {
  const r = numpySum(t.data as ArrayLike<number>, t.shape, axes, t.dtype === 'float32');
  const shape = keep ? t.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : r.shape;
  return new Tensor(t.dtype, shape, t.dtype === 'float32' ? Float32Array.from(r.data) : r.data);
}

/** Every element divided by `n`, rounded to the tensor's dtype. */
function divided(t: Tensor, n: number): Tensor {
  const d = t.data as Float64Array | Float32Array;
  const out = t.dtype === 'float32' ? new Float32Array(d.length) : new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = d[i] / n;
  return new Tensor(t.dtype, t.shape, out);
}

const countOf = (t: Tensor, axes: number[]) => axes.reduce((a, i) => a * t.shape[i], 1);

/** `np.sum(x, axis, keepdims)`. */
export function npSum(x: Tensor, axis: Axis, keep: boolean): Tensor {
  const axes = axesOf(x.rank, axis);
  if (!isFloat(x) || axes === undefined) return reduceSum(x, axis, keep);
  return floatSum(x, axes, keep);
}

/** `np.mean(x, axis, keepdims)`: the sum divided by the count. */
export function npMean(x: Tensor, axis: Axis, keep: boolean): Tensor {
  const t = asFloat(x);
  const axes = axesOf(t.rank, axis);
  if (axes === undefined) return reduceMean(t, axis, keep);
  return divided(floatSum(t, axes, keep), countOf(t, axes));
}

/** `np.var(x, axis, keepdims, ddof)`: the mean of the squared deviations from the mean, over n - ddof. */
export function npVar(x: Tensor, axis: Axis, keep: boolean, ddof = 0): Tensor {
  const t = asFloat(x);
  const axes = axesOf(t.rank, axis);
  if (axes === undefined) return reduceVariance(t, axis, keep);
  const n = countOf(t, axes);
  const dev = sub(t, divided(floatSum(t, axes, true), n));
  return divided(floatSum(mul(dev, dev), axes, keep), Math.max(n - ddof, 0));
}

/** `np.std(x, axis, keepdims, ddof)`: the square root of the variance. */
export function npStd(x: Tensor, axis: Axis, keep: boolean, ddof = 0): Tensor {
  const v = npVar(x, axis, keep, ddof);
  const d = v.data as Float64Array | Float32Array;
  const out = v.dtype === 'float32' ? new Float32Array(d.length) : new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = Math.sqrt(d[i]);
  return new Tensor(v.dtype, v.shape, out);
}
