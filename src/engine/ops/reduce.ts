import { EngineError, NotSupported, opError } from '../errors';
import { argReduce } from '../kernels/arg';
import { eigenReduce } from '../kernels/eigenReduce';
import { HALF_SUM_MAX, halfSum } from '../kernels/halfSum';
import { reducedShape } from '../kernels/reduce';
import { foldAll, type Reducer, reduceAxes } from '../kernels/reduceAxes';
import {
  allocate,
  castScalar,
  type DType,
  isFloat,
  isInt,
  isNarrow,
  type NumericData,
  wrapExactInt,
} from '../tensor/dtype';
import { normAxis, sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { broadcastTo, fill, reshape, zerosLike } from './array';
import { equal, where } from './compare';
import { type TensorLike, toTensor } from './convert';
import { unsupported } from './define';
import { type Expr, type FormulaContext, type OpDisplay, one } from './display';
import { add, cast, divide, mul, realdiv, stopGradient, sub } from './math';
import { apply, defineOp, type OpDef } from './registry';
import { cumprod } from './scan';
import { invertPermutation, transpose } from './shape';
import { exp, isFinite as isFiniteOp, log, sqrt, square } from './unary';

export interface ReduceAttrs {
  /** Normalised, sorted, unique axes. */
  axes: number[];
  keepdims: boolean;
}

type Axis = number | readonly number[] | undefined | null;

/** Normalise `axis` (undefined = all, a number or a list) to sorted unique non-negative axes. */
export function reductionAxes(axis: Axis, rank: number, op: string): number[] {
  if (axis === undefined || axis === null) {
    const all = new Array<number>(rank);
    for (let i = 0; i < rank; i++) all[i] = i;
    return all;
  }
  const list = typeof axis === 'number' ? [axis] : axis;
  return [...new Set(list.map((a) => normAxis(a, rank, op)))].sort((a, b) => a - b);
}

/** The input's shape with the reduced axes kept as 1 (TF `reduced_shape`). */
function keptShape(x: Tensor, axes: readonly number[]): number[] {
  return x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** The upstream gradient of a reduction, broadcast back to the input's shape (TF `_SumGrad`: reshape, then tile). */
export function unreduce(g: Tensor, x: Tensor, { axes }: ReduceAttrs): Tensor {
  return broadcastTo(reshape(g, keptShape(x, axes)), x.shape);
}

const NUMERIC = (d: DType) => d !== 'bool' && d !== 'string';

/**
 * A reduction primitive: dtype check, shape rule, and a kernel. Float32 and float64 sums and products accumulate in
 * the dtype in the order of TF's CPU kernels (`eigenReduce`), so they are TF's bit for bit; other dtypes and
 * reducers fold in float64 (`reduceAxes`: exact for integers, order-free for max/min/all/any) and store in the
 * dtype. `finish` post-processes each stored value (the mean's division).
 */
function reduction(
  name: string,
  display: OpDisplay,
  accepts: (d: DType) => boolean,
  kind: Reducer,
  vjp: OpDef<ReduceAttrs>['vjp'],
  finish?: (acc: number, count: number, dtype: DType) => number,
): OpDef<ReduceAttrs> {
  return defineOp<ReduceAttrs>({
    name,
    display,
    infer: ([x], { axes, keepdims }) => {
      if (!accepts(x.dtype)) throw unsupported(name, x.dtype);
      return { shape: reducedShape(x.shape, axes, keepdims), dtype: x.dtype };
    },
    kernel: ([x], { axes }, shape, dtype) => {
      const out = allocate(dtype, sizeOf(shape)) as NumericData;
      if (dtype === 'float16' && kind === 'sum') halfSumRows(name, x, axes, out);
      else if (kind === 'prod' && isNarrow(dtype) && isInt(dtype)) wrappedProducts(x, axes, out);
      else if ((kind === 'sum' || kind === 'prod') && (dtype === 'float32' || dtype === 'float64')) {
        eigenReduce(x.data as Float32Array | Float64Array, x.shape, axes, kind, out as Float32Array | Float64Array);
      } else if (axes.length === x.rank) out[0] = foldAll(x.data as NumericData, kind);
      else {
        // An element loop: `set` from a Float64Array into another element type takes a slow runtime path.
        const acc = reduceAxes(x.data as NumericData, x.shape, axes, kind);
        for (let i = 0; i < acc.length; i++) out[i] = acc[i];
      }
      if (finish) {
        const count = sizeOf(axes.map((a) => x.shape[a]));
        for (let i = 0; i < out.length; i++) out[i] = finish(out[i], count, dtype);
      }
      return out;
    },
    vjp,
  });
}

/**
 * A float16 Sum or Mean kernel's sums, in TF's order (`halfSum`): over the innermost axes, rows of at most
 * `HALF_SUM_MAX` values; any other float16 reduction of more than two values per result is not supported (TF's
 * order there is not reproduced).
 */
function halfSumRows(name: string, x: Tensor, axes: readonly number[], out: NumericData): void {
  const dims = x.shape.map((d, i) => ({ d, r: axes.includes(i) })).filter(({ d }) => d !== 1);
  const firstReduced = dims.findIndex(({ r }) => r);
  const n = sizeOf(axes.map((a) => x.shape[a]));
  const inner = firstReduced >= 0 && dims.slice(firstReduced).every(({ r }) => r);
  if ((!inner && n > 2) || n > HALF_SUM_MAX) {
    throw new NotSupported(`${name === 'Sum' ? 'reduce_sum' : 'reduce_mean'} of float16 over ${n} values`);
  }
  const src = x.data as NumericData;
  if (inner) {
    for (let o = 0; o < out.length; o++) out[o] = halfSum(src, o * n, n);
  } else {
    const acc = reduceAxes(src, x.shape, axes, 'sum'); // one or two values per result: one rounding
    for (let i = 0; i < acc.length; i++) out[i] = acc[i];
  }
}

/** Products of 8/16-bit integers, wrapped after each multiplication as TF's do (so they stay exact). */
function wrappedProducts(x: Tensor, axes: readonly number[], out: NumericData): void {
  const src = x.data as NumericData;
  const dtype = x.dtype;
  out.fill(1);
  // Each input element's output offset: the kept axes' indices in row-major order.
  const outStride = new Array<number>(x.rank).fill(0);
  for (let i = x.rank - 1, s = 1; i >= 0; i--) {
    if (!axes.includes(i)) {
      outStride[i] = s;
      s *= x.shape[i];
    }
  }
  for (let k = 0; k < src.length; k++) {
    let rest = k;
    let o = 0;
    for (let i = x.rank - 1; i >= 0; i--) {
      o += (rest % x.shape[i]) * outStride[i];
      rest = Math.floor(rest / x.shape[i]);
    }
    out[o] = wrapExactInt(out[o] * src[k], dtype);
  }
}

/** The mean's local derivative: one over the number of elements averaged into each output. */
function meanDerivative(_slot: number, _args: readonly Expr[], { node }: FormulaContext): string {
  return `1/${sizeOf(node.inputs[0].shape) / Math.max(1, sizeOf(node.output.shape))}`;
}

// ---- Sum, Mean, Prod -------------------------------------------------------------------------------------------

/** TF's attr check for ops typed `numbertype` (Sum, Mean, Prod): bool and string tensors are rejected. */
function numberType(op: string) {
  return (d: DType): boolean => {
    if (d === 'bool' || d === 'string') {
      throw opError(
        op,
        `Value for attr 'T' of ${d} is not in the list of allowed values: float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64`,
      );
    }
    return true;
  };
}

/** TF `Sum`; `tf.reduce_sum` of a bool tensor is an error in TF (cast first), unlike NumPy. */
export const Sum = reduction(
  'Sum',
  { api: 'tf.math.reduce_sum', aliases: ['tf.reduce_sum'], derivative: one },
  numberType('Sum'),
  'sum',
  (g, { inputs: [x], attrs }) => [unreduce(g, x, attrs)],
);

/**
 * TF `Mean` (Eigen `MeanReducer`): the sum in the dtype, then divided by the count in the dtype — float32 means
 * round twice like TF's, integer means truncate toward zero (`tf.reduce_mean([1, 2])` is 1).
 */
export const Mean = reduction(
  'Mean',
  { api: 'tf.math.reduce_mean', aliases: ['tf.reduce_mean'], derivative: meanDerivative },
  numberType('Mean'),
  'sum',
  // MG `_MeanGrad`: the Sum gradient divided by the number of reduced elements per output.
  (g, { inputs: [x], output, attrs }) => {
    const factor = Math.floor(sizeOf(x.shape) / Math.max(sizeOf(output.shape), 1));
    return [realdiv(unreduce(g, x, attrs), fill([], factor, g.dtype))];
  },
  // 8- and 16-bit integer means accumulate wider than the dtype (TF: uint8 [200, 100, 7] → 102).
  (sum, count, dtype) =>
    isInt(dtype)
      ? Math.trunc((isNarrow(dtype) ? sum : castScalar(sum, dtype)) / count)
      : castScalar(castScalar(sum, dtype) / count, dtype),
);

/** MG `_ProdGrad`: products of all other elements as exclusive cumprods from both ends (exact with zeros). */
export const Prod = reduction(
  'Prod',
  { api: 'tf.math.reduce_prod', aliases: ['tf.reduce_prod'] },
  numberType('Prod'),
  'prod',
  (g, { inputs: [x], attrs: { axes } }) => {
    const grad = broadcastTo(reshape(g, keptShape(x, axes)), x.shape);
    const other = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const perm = [...axes, ...other];
    const reducedNum = sizeOf(axes.map((a) => x.shape[a]));
    const otherNum = sizeOf(other.map((a) => x.shape[a]));
    const permuted = transpose(x, perm);
    const reshaped = reshape(permuted, [reducedNum, otherNum]);
    const left = cumprod(reshaped, 0, true);
    const right = cumprod(reshaped, 0, true, true);
    const y = reshape(mul(left, right), permuted.shape);
    const out = mul(grad, transpose(y, invertPermutation(perm)));
    return [reshape(out, x.shape)];
  },
);

// ---- Max, Min --------------------------------------------------------------------------------------------------

/** MG `_MinOrMaxGrad`: the upstream split evenly among the elements equal to the result (ties share). */
function minOrMaxGrad(g: Tensor, x: Tensor, y: Tensor, axes: number[]): Tensor {
  const kept = keptShape(x, axes);
  const yk = reshape(y, kept);
  const gk = reshape(g, kept);
  const indicators = cast(equal(yk, x), g.dtype);
  const numSelected = reshape(reduceSum(indicators, axes), kept);
  return mul(divide(indicators, numSelected), gk);
}

export const Max = reduction(
  'Max',
  { api: 'tf.math.reduce_max', aliases: ['tf.reduce_max'] },
  NUMERIC,
  'max',
  (g, { inputs: [x], output, attrs: { axes } }) => [minOrMaxGrad(g, x, output, axes)],
);
export const Min = reduction(
  'Min',
  { api: 'tf.math.reduce_min', aliases: ['tf.reduce_min'] },
  NUMERIC,
  'min',
  (g, { inputs: [x], output, attrs: { axes } }) => [minOrMaxGrad(g, x, output, axes)],
);

// ---- All, Any (bool) -------------------------------------------------------------------------------------------

const boolOnly = (name: string) => (d: DType) => {
  if (d !== 'bool') {
    throw opError(
      name,
      `cannot compute ${name} as input #0(zero-based) was expected to be a bool tensor but is a ${d === 'float32' ? 'float' : d === 'float64' ? 'double' : d} tensor`,
    );
  }
  return true;
};
export const All = reduction(
  'All',
  { api: 'tf.math.reduce_all', aliases: ['tf.reduce_all'] },
  boolOnly('All'),
  'all',
  'none',
);
export const Any = reduction(
  'Any',
  { api: 'tf.math.reduce_any', aliases: ['tf.reduce_any'] },
  boolOnly('Any'),
  'any',
  'none',
);

// ---- user-facing reductions ------------------------------------------------------------------------------------

function reduceWith(op: OpDef<ReduceAttrs>, x: TensorLike, axis: Axis, keepdims: boolean): Tensor {
  const t = toTensor(x);
  return apply(op, [t], { axes: reductionAxes(axis, t.rank, op.name), keepdims });
}

export const reduceSum = (x: TensorLike, axis?: Axis, keepdims = false): Tensor => reduceWith(Sum, x, axis, keepdims);
export const reduceMean = (x: TensorLike, axis?: Axis, keepdims = false): Tensor => reduceWith(Mean, x, axis, keepdims);
export const reduceProd = (x: TensorLike, axis?: Axis, keepdims = false): Tensor => reduceWith(Prod, x, axis, keepdims);
export const reduceMax = (x: TensorLike, axis?: Axis, keepdims = false): Tensor => reduceWith(Max, x, axis, keepdims);
export const reduceMin = (x: TensorLike, axis?: Axis, keepdims = false): Tensor => reduceWith(Min, x, axis, keepdims);
export const reduceAll = (x: TensorLike, axis?: Axis, keepdims = false): Tensor => reduceWith(All, x, axis, keepdims);
export const reduceAny = (x: TensorLike, axis?: Axis, keepdims = false): Tensor => reduceWith(Any, x, axis, keepdims);

/**
 * `tf.reduce_logsumexp` as math_ops composes it: the max (non-finite replaced by 0) under `stop_gradient`, then
 * `log(reduce_sum(exp(x - max))) + max`. Its gradient is therefore softmax-shaped whatever the ties.
 */
export function reduceLogSumExp(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  const t = toTensor(x);
  const rawMax = reduceMax(t, axis, true);
  let myMax = stopGradient(where(isFiniteOp(rawMax), rawMax, zerosLike(rawMax)));
  const result = log(reduceSum(exp(sub(t, myMax)), axis, keepdims));
  if (!keepdims) myMax = reshape(myMax, result.shape);
  return add(result, myMax);
}

/** `tf.math.reduce_variance`: `reduce_mean(square(x - reduce_mean(x, keepdims=True)))`; integer input is a TypeError. */
export function reduceVariance(x: TensorLike, axis?: Axis, keepdims = false): Tensor {
  const t = toTensor(x);
  const means = reduceMean(t, axis, true);
  if (!isFloat(means.dtype)) {
    throw new EngineError(
      'TypeError',
      `Input must be either real or complex. Received integer type <dtype: '${means.dtype}'>.`,
    );
  }
  return reduceMean(square(sub(t, means)), axis, keepdims);
}

/** `tf.math.reduce_std`: `sqrt(reduce_variance(x))`. */
export const reduceStd = (x: TensorLike, axis?: Axis, keepdims = false): Tensor =>
  sqrt(reduceVariance(x, axis, keepdims));

// ---- ArgMax, ArgMin (NotDifferentiable) ------------------------------------------------------------------------

interface ArgAttrs {
  axis: number;
  outType: DType;
}

function argDef(name: 'ArgMax' | 'ArgMin', display: OpDisplay) {
  return defineOp<ArgAttrs>({
    name,
    display,
    infer: ([x], { axis, outType }) => {
      if (!NUMERIC(x.dtype)) throw unsupported(name, x.dtype);
      const r = x.rank;
      if (!(axis >= -r && axis < r)) {
        throw opError(name, `Expected dimension in the range [${-r}, ${r}), but got ${axis}`);
      }
      const a = axis < 0 ? axis + r : axis;
      if (x.shape[a] === 0) {
        throw opError(name, `Reduction axis ${axis} is empty in shape [${x.shape.join(',')}]`);
      }
      return { shape: x.shape.filter((_, i) => i !== a), dtype: outType };
    },
    kernel: ([x], { axis, outType }) =>
      argReduce(x.data as NumericData, x.shape, axis < 0 ? axis + x.rank : axis, outType, name === 'ArgMax'),
    vjp: 'none',
  });
}
export const ArgMax = argDef('ArgMax', { api: 'tf.math.argmax', aliases: ['tf.argmax'] });
export const ArgMin = argDef('ArgMin', { api: 'tf.math.argmin', aliases: ['tf.argmin'] });

function argWith(op: OpDef<ArgAttrs>, x: TensorLike, axis: number | null | undefined, outputType: DType): Tensor {
  if (outputType !== 'int32' && outputType !== 'int64') {
    throw new EngineError(
      'TypeError',
      `Value for attr 'output_type' of ${outputType} is not in the list of allowed values: int16, uint16, int32, int64`,
    );
  }
  return apply(op, [toTensor(x)], { axis: axis ?? 0, outType: outputType });
}

/** `tf.math.argmax(input, axis=None, output_type=tf.int64)`: axis None means 0; the first index wins ties. */
export const argMax = (x: TensorLike, axis?: number | null, outputType: DType = 'int64'): Tensor =>
  argWith(ArgMax, x, axis, outputType);
/** `tf.math.argmin(input, axis=None, output_type=tf.int64)`. */
export const argMin = (x: TensorLike, axis?: number | null, outputType: DType = 'int64'): Tensor =>
  argWith(ArgMin, x, axis, outputType);
