import { sigmoidF, softplusF32 } from '../kernels/eigenF32';
import { mapBinary, mapUnary } from '../kernels/elementwise';
import { reluF, reluGradF } from '../kernels/loops';
import { stepRounding } from '../kernels/math';
import type { DType } from '../tensor/dtype';
import { isInt } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';
import { zerosLike } from './array';
import { less, where } from './compare';
import { type TensorLike, toTensor } from './convert';
import { unsupported } from './define';
import { call, unaryDerivative } from './display';
import { add, cast, mul, pow, sub, truediv } from './math';
import { apply, defineOp, NO_ATTRS, type OpDef, sameDType } from './registry';
import { erf, FLOATS, gradPrimitive, REALS, tanh, unaryPrimitive } from './unary';

const unary = (op: OpDef) => (x: TensorLike) => apply(op, [toTensor(x)], NO_ATTRS);

// ---- sigmoid ----------------------------------------------------------------------------------------------------

/** `SigmoidGrad(y, g)` = g*y*(1-y): packet form g*(y*(1-y)), scalar form (g*y)*(1-y). Gradient MG `_SigmoidGradGrad`. */
export const SigmoidGrad = gradPrimitive(
  'SigmoidGrad',
  { api: 'tf.raw_ops.SigmoidGrad' },
  FLOATS,
  (d) => {
    const r = stepRounding(d);
    return { packet: (y, g) => g * r(y * r(1 - y)), scalar: (y, g) => r(g * y) * r(1 - y) };
  },
  (grad, { inputs: [a, b] }) => {
    const gb = mul(grad, b);
    return [sub(gb, mul(mul(2, gb), a)), sigmoidGrad(a, grad)];
  },
);
export const sigmoidGrad = (y: Tensor, g: Tensor): Tensor => apply(SigmoidGrad, [y, g], NO_ATTRS);

/** `tf.nn.sigmoid`, a primitive (not 1/(1+exp(-x))): gradient SigmoidGrad(y, g). */
export const Sigmoid = unaryPrimitive(
  'Sigmoid',
  {
    api: 'tf.math.sigmoid',
    aliases: ['tf.sigmoid', 'tf.nn.sigmoid'],
    expr: call('σ'),
    derivative: unaryDerivative((a) => `σ(${a.text})·(1 − σ(${a.text}))`),
  },
  FLOATS,
  () => sigmoidF,
  (g, { output }) => [sigmoidGrad(output, g)],
);
export const sigmoid = unary(Sigmoid);

// ---- softplus, softsign -----------------------------------------------------------------------------------------

/**
 * TF's Softplus kernel: x above -threshold, exp(x) below threshold, log1p(exp(x)) between, with
 * threshold = log(epsilon) + 2 in the dtype (so no overflow for large x and no underflow for very negative x). For
 * float32, `softplusF32` (its float32 tensors run Eigen's packet forms, `kernels/eigenF32.ts`).
 */
function softplusKernel(d: DType): (x: number) => number {
  if (d === 'float32') return softplusF32;
  const r = stepRounding(d);
  const threshold = r(r(Math.log(2 ** -52)) + 2);
  return (x) => {
    if (x > -threshold) return x;
    const e = r(Math.exp(x));
    return x < threshold ? e : Math.log1p(e);
  };
}
/** `tf.nn.softplus`; gradient g * sigmoid(x) (NG `_SoftplusGrad`). */
export const Softplus = unaryPrimitive(
  'Softplus',
  { api: 'tf.math.softplus', aliases: ['tf.nn.softplus'], derivative: unaryDerivative((a) => `σ(${a.text})`) },
  FLOATS,
  softplusKernel,
  (g, { inputs: [x] }) => [mul(g, sigmoid(x))],
);
export const softplus = unary(Softplus);

/** `SoftsignGrad(g, x)` = g / (|x| + 1)^2. TF registers no gradient for it: a second derivative is a LookupError. */
export const SoftsignGrad = gradPrimitive(
  'SoftsignGrad',
  { api: 'tf.raw_ops.SoftsignGrad' },
  FLOATS,
  (d) => {
    const r = stepRounding(d);
    return (g, x) => {
      const t = r(Math.abs(x) + 1);
      return g / r(t * t);
    };
  },
  undefined,
);
export const softsignGrad = (g: Tensor, x: Tensor): Tensor => apply(SoftsignGrad, [g, x], NO_ATTRS);

/** `tf.nn.softsign`: x / (|x| + 1); gradient SoftsignGrad(g, x). */
export const Softsign = unaryPrimitive(
  'Softsign',
  { api: 'tf.nn.softsign' },
  FLOATS,
  (d) => {
    const r = stepRounding(d);
    return (x) => x / r(Math.abs(x) + 1);
  },
  (g, { inputs: [x] }) => [softsignGrad(g, x)],
);
export const softsign = unary(Softsign);

// ---- relu family ------------------------------------------------------------------------------------------------

/** `ReluGrad(g, f)` = g * (f > 0): 0 at f = 0 (and -0 for a negative g). Its gradient: (ReluGrad(grad, f), zeros). */
export const ReluGrad = gradPrimitive(
  'ReluGrad',
  { api: 'tf.raw_ops.ReluGrad' },
  REALS,
  () => reluGradF,
  (grad, { inputs: [, f] }) => [reluGrad(grad, f), zerosLike(f)],
);
export const reluGrad = (g: Tensor, features: Tensor): Tensor => apply(ReluGrad, [g, features], NO_ATTRS);

/** `tf.nn.relu` (NaN propagates); gradient ReluGrad(g, y), so relu'(0) = 0 and relu'' = 0. */
export const Relu = unaryPrimitive(
  'Relu',
  { api: 'tf.nn.relu', derivative: unaryDerivative((a) => `[${a.text} > 0]`) },
  REALS,
  () => reluF,
  (g, { output }) => [reluGrad(g, output)],
);
export const relu = unary(Relu);

/** `Relu6Grad(g, f)` = g * (0 < f < 6). */
export const Relu6Grad = gradPrimitive(
  'Relu6Grad',
  { api: 'tf.raw_ops.Relu6Grad' },
  REALS,
  () => (g, f) => g * (f > 0 && f < 6 ? 1 : 0),
  (grad, { inputs: [, f] }) => [relu6Grad(grad, f), zerosLike(f)],
);
export const relu6Grad = (g: Tensor, features: Tensor): Tensor => apply(Relu6Grad, [g, features], NO_ATTRS);

/** `tf.nn.relu6`: min(max(x, 0), 6); gradient Relu6Grad(g, y) (0 at both kinks). */
export const Relu6 = unaryPrimitive(
  'Relu6',
  { api: 'tf.nn.relu6' },
  REALS,
  () => (x) => (Number.isNaN(x) ? x : x > 0 ? Math.min(x, 6) : 0),
  (g, { output }) => [relu6Grad(g, output)],
);
export const relu6 = unary(Relu6);

interface AlphaAttrs {
  alpha: number;
}

/** The `alpha` attr is a 32-bit float in TF's op definition, so even float64 kernels see float32(alpha). */
const alphaIn = (alpha: number, d: DType): number => stepRounding(d)(Math.fround(alpha));

/** `LeakyReluGrad(g, x)` = x > 0 ? g : g * alpha (alpha at x = 0). Its gradient: (LeakyReluGrad(grad, x), zeros). */
export const LeakyReluGrad = defineOp<AlphaAttrs>({
  name: 'LeakyReluGrad',
  display: { api: 'tf.raw_ops.LeakyReluGrad' },
  infer: ([g, x]) => {
    const d = sameDType('LeakyReluGrad', [g, x]);
    if (!FLOATS(d)) throw unsupported('LeakyReluGrad', d);
    return { shape: g.shape, dtype: d };
  },
  kernel: ([g, x], { alpha }, shape, dtype) => {
    const a = alphaIn(alpha, dtype);
    return mapBinary(g, x, shape, dtype, (gv, xv) => (xv > 0 ? gv : gv * a));
  },
  vjp: (grad, { inputs: [, x], attrs: { alpha } }) => [leakyReluGrad(grad, x, alpha), zerosLike(x)],
});
export const leakyReluGrad = (g: Tensor, x: Tensor, alpha: number): Tensor => apply(LeakyReluGrad, [g, x], { alpha });

export const LeakyRelu = defineOp<AlphaAttrs>({
  name: 'LeakyRelu',
  display: { api: 'tf.nn.leaky_relu' },
  infer: ([x]) => {
    if (!FLOATS(x.dtype)) throw unsupported('LeakyRelu', x.dtype);
    return { shape: x.shape, dtype: x.dtype };
  },
  kernel: ([x], { alpha }, _shape, dtype) => {
    const a = alphaIn(alpha, dtype);
    return mapUnary(x, dtype, (v) => (v > 0 ? v : v * a));
  },
  vjp: (g, { inputs: [x], attrs: { alpha } }) => [leakyReluGrad(g, x, alpha)],
});
/** `tf.nn.leaky_relu(features, alpha=0.2)`; integer features are cast to float32 first, as nn_ops does. */
export function leakyRelu(features: TensorLike, alpha = 0.2): Tensor {
  let x = toTensor(features);
  if (isInt(x.dtype)) x = cast(x, 'float32');
  return apply(LeakyRelu, [x], { alpha });
}

// ---- elu, selu --------------------------------------------------------------------------------------------------

/** `EluGrad(g, y)` = y < 0 ? (y + 1) * g : g. Gradient NG `_EluGradGrad`: (EluGrad(grad, y), where(y < 0, grad * g, 0)). */
export const EluGrad = gradPrimitive(
  'EluGrad',
  { api: 'tf.raw_ops.EluGrad' },
  FLOATS,
  (d) => {
    const r = stepRounding(d);
    return (g, y) => (y < 0 ? r(y + 1) * g : g);
  },
  (grad, { inputs: [g, y] }) => [eluGrad(grad, y), where(less(y, 0), mul(grad, g), zerosLike(y))],
);
export const eluGrad = (g: Tensor, y: Tensor): Tensor => apply(EluGrad, [g, y], NO_ATTRS);

/** `tf.nn.elu`: TF's kernel computes exp(x) - 1 (not expm1) for x < 0. */
export const Elu = unaryPrimitive(
  'Elu',
  { api: 'tf.nn.elu' },
  FLOATS,
  (d) => {
    const r = stepRounding(d);
    return (x) => (x < 0 ? r(Math.exp(x)) - 1 : x);
  },
  (g, { output }) => [eluGrad(g, output)],
);
export const elu = unary(Elu);

const SELU_SCALE = 1.0507009873554805;
const SELU_SCALE_ALPHA = 1.7580993408473768;

/** `SeluGrad(g, y)` = y < 0 ? g * (y + scale*alpha) : g * scale. Gradient NG `_SeluGradGrad`. */
export const SeluGrad = gradPrimitive(
  'SeluGrad',
  { api: 'tf.raw_ops.SeluGrad' },
  FLOATS,
  (d) => {
    const r = stepRounding(d);
    const scale = r(SELU_SCALE);
    const scaleAlpha = r(SELU_SCALE_ALPHA);
    return (g, y) => (y < 0 ? g * r(y + scaleAlpha) : g * scale);
  },
  (grad, { inputs: [g, y] }) => [seluGrad(grad, y), where(less(y, 0), mul(grad, g), zerosLike(y))],
);
export const seluGrad = (g: Tensor, y: Tensor): Tensor => apply(SeluGrad, [g, y], NO_ATTRS);

/** `tf.nn.selu`: scale * (x < 0 ? alpha * (exp(x) - 1) : x), the constants in the dtype. */
export const Selu = unaryPrimitive(
  'Selu',
  { api: 'tf.nn.selu' },
  FLOATS,
  (d) => {
    const r = stepRounding(d);
    const scale = r(SELU_SCALE);
    const scaleAlpha = r(SELU_SCALE_ALPHA);
    return (x) => (x < 0 ? scaleAlpha * r(r(Math.exp(x)) - 1) : scale * x);
  },
  (g, { output }) => [seluGrad(g, output)],
);
export const selu = unary(Selu);

// ---- gelu (a composition, as in nn_ops.gelu) -----------------------------------------------------------------------

/**
 * `tf.nn.gelu(features, approximate=False)`, composed exactly as TF does (so its gradient is the composition's):
 * exact: 0.5 * x * (1 + erf(x / cast(1.4142135623730951)));
 * approximate: 0.5 * x * (1 + tanh(0.7978845608028654 * (x + cast(0.044715) * x**3))).
 * `math_ops.cast` of a Python float goes through float32, so float64 gelu uses float32-rounded constants.
 */
export function gelu(features: TensorLike, approximate = false): Tensor {
  const x = toTensor(features);
  const half = mul(0.5, x);
  if (approximate) {
    const coeff = cast(0.044715, x.dtype);
    return mul(half, add(1, tanh(mul(0.7978845608028654, add(x, mul(coeff, pow(x, 3)))))));
  }
  return mul(half, add(1, erf(truediv(x, cast(Math.SQRT2, x.dtype)))));
}
