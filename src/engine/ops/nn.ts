import { EngineError, opError } from '../errors';
import { softmaxKernel } from '../kernels/nn';
import { constant } from '../tensor/convert';
import { isFloat, type NumericData } from '../tensor/dtype';
import { shapeText } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { greaterEqual, where } from './compare';
import { type TensorLike, toTensor } from './convert';
import { unsupported } from './define';
import { mul, realdiv, squaredDifference, stopGradient, sub } from './math';
import { getSeed, randomUniform } from './random';
import { reduceMean, reduceSum } from './reduce';
import { apply, defineOp } from './registry';
import { squeeze } from './shape';
import { exp } from './unary';

interface AxisAttrs {
  /** The class axis, normalised. */
  axis: number;
}

function softmaxInfer(name: string) {
  return ([x]: readonly Tensor[]) => {
    if (!isFloat(x.dtype)) throw unsupported(name, x.dtype);
    if (x.rank < 1) throw opError(name, `logits must have >= 1 dimension, got ${shapeText(x.shape)}`);
    return { shape: x.shape, dtype: x.dtype };
  };
}

/**
 * `Softmax` along `axis` (TF transposes a non-last axis to the end and back; computing in place gives the same
 * numbers). Gradient NG `_SoftmaxGrad`: `(g - sum(g * y, axis, keepdims)) * y`.
 */
export const Softmax = defineOp<AxisAttrs>({
  name: 'Softmax',
  display: { api: 'tf.nn.softmax' },
  infer: softmaxInfer('Softmax'),
  kernel: ([x], { axis }, _s, dtype) => softmaxKernel(x.data as NumericData, x.shape, axis, dtype, false),
  vjp: (g, { output: y, attrs: { axis } }) => [mul(sub(g, reduceSum(mul(g, y), axis, true)), y)],
});

/** `LogSoftmax`. Gradient NG `_LogSoftmaxGrad`: `g - sum(g, axis, keepdims) * exp(y)`. */
export const LogSoftmax = defineOp<AxisAttrs>({
  name: 'LogSoftmax',
  display: { api: 'tf.nn.log_softmax' },
  infer: softmaxInfer('LogSoftmax'),
  kernel: ([x], { axis }, _s, dtype) => softmaxKernel(x.data as NumericData, x.shape, axis, dtype, true),
  vjp: (g, { output: y, attrs: { axis } }) => [sub(g, mul(reduceSum(g, axis, true), exp(y)))],
});

/** TF `_wrap_2d_function`'s axis check (raised in Python, so no `[Op:...]` suffix). */
function classAxis(x: Tensor, axis: number): number {
  if (axis === -1 || axis === x.rank - 1) return Math.max(x.rank - 1, 0);
  if (axis < -x.rank || axis >= x.rank) {
    throw new EngineError(
      'InvalidArgumentError',
      `\`dim\` must be in the range [${-x.rank}, ${x.rank}) where ${x.rank} is the number of dimensions in the input. Received: dim=${axis}`,
    );
  }
  return axis < 0 ? axis + x.rank : axis;
}

/** `tf.nn.softmax(logits, axis=-1)`. */
export function softmax(logits: TensorLike, axis = -1): Tensor {
  const x = toTensor(logits);
  return apply(Softmax, [x], { axis: classAxis(x, axis) });
}

/** `tf.nn.log_softmax(logits, axis=-1)`. */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  const x = toTensor(logits);
  return apply(LogSoftmax, [x], { axis: classAxis(x, axis) });
}

// ---- dropout ------------------------------------------------------------------------------------------------------

export interface DropoutOptions {
  /** Shape of the keep/drop decisions, broadcast against `x`; `null` entries take `x`'s dimension. */
  noiseShape?: readonly (number | null)[];
  seed?: number | bigint | null;
}

/** Python's repr of the `rate` argument (a JS number is a Python float). */
const pyNumber = (v: number | bigint): string =>
  typeof v === 'bigint' ? String(v) : Number.isInteger(v) ? `${v}.0` : String(v);

/**
 * `tf.nn.dropout(x, rate, noise_shape=None, seed=None)` as TF composes it: `x * (1 / (1 - rate))` (the scale is
 * computed in double and then converted to x's dtype), a `random_uniform(noise_shape, seed=seed)` draw, and the
 * elements whose draw is `>= rate` are kept by a `SelectV2` against 0. The gradient flows through the scale and the
 * select (zero where dropped).
 */
export function dropout(x: TensorLike, rate: number | bigint | Tensor, opts: DropoutOptions = {}): Tensor {
  const isNumber = typeof rate === 'number' || typeof rate === 'bigint';
  if (isNumber && (rate < 0 || rate >= 1)) {
    throw new EngineError(
      'ValueError',
      `\`rate\` must be a scalar tensor or a float in the range [0, 1). Received: rate=${pyNumber(rate)}`,
    );
  }
  const t = toTensor(x);
  if (!isFloat(t.dtype)) {
    throw new EngineError(
      'ValueError',
      `\`x.dtype\` must be a floating point tensor as \`x\` will be scaled. Received: x_dtype=<dtype: '${t.dtype}'>`,
    );
  }
  let ret: Tensor;
  if (isNumber) {
    const r = Number(rate);
    if (r === 0) {
      getSeed(opts.seed); // TF's dummy_rng_step keeps the op-seed stream in step
      return t;
    }
    ret = mul(t, constant(1 / (1 - r), t.dtype));
  } else {
    if (rate.rank !== 0) {
      throw new EngineError('ValueError', `Shape ${shapeText(rate.shape)} must have rank 0`);
    }
    if (rate.dtype !== t.dtype) {
      throw new EngineError(
        'ValueError',
        `\`x.dtype\` must be compatible with \`rate.dtype\`. Received: x.dtype=<dtype: '${t.dtype}'> and rate.dtype=<dtype: '${rate.dtype}'>`,
      );
    }
    ret = realdiv(t, sub(constant(1, t.dtype), rate));
  }
  const noise = opts.noiseShape
    ? opts.noiseShape.map((d, i) => (d === null && opts.noiseShape!.length === t.rank ? t.shape[i] : (d ?? 1)))
    : [...t.shape];
  const draw = randomUniform(noise, 0n, null, t.dtype, opts.seed);
  const keep = greaterEqual(draw, isNumber ? constant(Number(rate), t.dtype) : (rate as Tensor));
  return where(keep, ret, constant(0, t.dtype));
}

// ---- moments ------------------------------------------------------------------------------------------------------

/**
 * `tf.nn.moments(x, axes, keepdims=False)` as NI composes it: `mean = reduce_mean(x, axes, keepdims=True)`,
 * `variance = reduce_mean(squared_difference(x, stop_gradient(mean)), axes, keepdims=True)` (the population
 * variance; the stop_gradient does not change the gradient, whose mean term is zero), then squeezed unless `keepdims`.
 */
export function moments(x: TensorLike, axes: number | readonly number[], keepdims = false): [Tensor, Tensor] {
  const y = toTensor(x);
  let mean = reduceMean(y, axes, true);
  let variance = reduceMean(squaredDifference(y, stopGradient(mean)), axes, true);
  if (!keepdims) {
    mean = squeeze(mean, axes);
    variance = squeeze(variance, axes);
  }
  return [mean, variance];
}
