import { opError } from '../errors';
import { mapUnary } from '../kernels/elementwise';
import { squareF, tanhGradF32, tanhGradF64 } from '../kernels/loops';
import {
  erf as erfKernel,
  type Fn1,
  type Fn2,
  mapPacketed,
  rint as rintKernel,
  sign as signKernel,
  stepRounding,
} from '../kernels/math';
import { constant } from '../tensor/convert';
import { type DType, isFloat, isInt } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';
import { zerosLike } from './array';
import { type TensorLike, toTensor } from './convert';
import { unsupported } from './define';
import { type OpDisplay, unaryDerivative, wrap } from './display';
import { add, mul, neg, realdiv, sub } from './math';
import { apply, defineOp, NO_ATTRS, type OpDef, sameDType } from './registry';

/** Dtype classes of TF's CPU kernel registrations, restricted to the engine's dtypes. */
export const FLOATS = (d: DType): boolean => isFloat(d);
export const REALS = (d: DType): boolean => isFloat(d) || isInt(d);

/**
 * An elementwise unary primitive. `kernel(dtype)` returns the scalar function for that dtype (float32 kernels made
 * of several steps round each one, as TF's float kernels do); `out` is the output dtype when it differs (IsNan → bool).
 */
export function unaryPrimitive(
  name: string,
  display: OpDisplay,
  accepts: (d: DType) => boolean,
  kernel: (d: DType) => Fn1,
  vjp: OpDef['vjp'],
  out?: DType,
): OpDef {
  return defineOp({
    name,
    display,
    infer: (ins) => {
      const x = ins[0];
      if (!accepts(x.dtype)) throw unsupported(name, x.dtype);
      return { shape: x.shape, dtype: out ?? x.dtype };
    },
    kernel: (ins, _attrs, _shape, dtype) => mapUnary(ins[0], dtype, kernel(ins[0].dtype)),
    vjp,
  });
}

/**
 * A TF gradient kernel (`SqrtGrad`, `ReluGrad`, ...): two same-size operands, no broadcasting. `kernel(dtype)` is one
 * function, or Eigen's packet and scalar forms when they associate differently (see `packetWidth`).
 */
export function gradPrimitive(
  name: string,
  display: OpDisplay,
  accepts: (d: DType) => boolean,
  kernel: (d: DType) => Fn2 | { packet: Fn2; scalar: Fn2 },
  vjp: OpDef['vjp'],
): OpDef {
  return defineOp({
    name,
    display,
    infer: ([a, b]) => {
      const d = sameDType(name, [a, b]);
      if (!accepts(d)) throw unsupported(name, d);
      if (a.size !== b.size) {
        throw opError(
          name,
          `The two arguments to a cwise op must have same number of elements, got ${a.size} and ${b.size}`,
        );
      }
      return { shape: a.shape, dtype: d };
    },
    kernel: ([a, b], _attrs, _shape, dtype) => {
      const k = kernel(dtype);
      return typeof k === 'function' ? mapPacketed(a, b, dtype, k, k) : mapPacketed(a, b, dtype, k.packet, k.scalar);
    },
    vjp,
  });
}

const fixed =
  (f: Fn1) =>
  (_d: DType): Fn1 =>
    f;
const unary = (op: OpDef) => (x: TensorLike) => apply(op, [toTensor(x)], NO_ATTRS);

// ---- sign-like --------------------------------------------------------------------------------------------------

/** `tf.abs` (MG `_AbsGrad`: g * sign(x), so abs'(0) = 0). int32 |INT_MIN| wraps like C. */
export const Abs = unaryPrimitive(
  'Abs',
  { api: 'tf.math.abs', aliases: ['tf.abs'], derivative: unaryDerivative((a) => `sign(${a.text})`) },
  REALS,
  fixed(Math.abs),
  (g, { inputs: [x] }) => [mul(g, sign(x))],
);
/** `tf.sign`: sign(0) = 0; its gradient is zeros (connected, not None; MG `_SignGrad`). */
export const Sign = unaryPrimitive(
  'Sign',
  { api: 'tf.math.sign', aliases: ['tf.sign'] },
  REALS,
  fixed(signKernel),
  (_g, { inputs: [x] }) => [zerosLike(x)],
);
/** `tf.square`: x*x (int32 wraps); gradient g * (x * 2). */
export const Square = unaryPrimitive(
  'Square',
  {
    api: 'tf.math.square',
    aliases: ['tf.square'],
    expr: ([a]) => ({ text: `${wrap(a, 0)}²`, prec: 1 }),
    derivative: unaryDerivative((a) => `2·${wrap(a, 1)}`),
  },
  REALS,
  (d) => (d === 'int32' ? (x) => Math.imul(x, x) : squareF),
  (g, { inputs: [x] }) => [mul(g, mul(x, 2))],
);
export const abs = unary(Abs);
export const sign = unary(Sign);
export const square = unary(Square);

// ---- reciprocal, sqrt, rsqrt and their TF gradient kernels --------------------------------------------------------

/** `ReciprocalGrad(y, g)` = -y*y*g, and 0 where g == 0 (TF's `mul_no_nan`). Its own gradient is MG `_ReciprocalGradGrad`. */
export const ReciprocalGrad = gradPrimitive(
  'ReciprocalGrad',
  { api: 'tf.raw_ops.ReciprocalGrad' },
  FLOATS,
  (d) => {
    const r = stepRounding(d);
    return (y, g) => (g === 0 ? 0 : -r(y * y) * g);
  },
  (grad, { inputs: [a, b] }) => [mul(mul(mul(grad, -2), b), a), reciprocalGrad(a, grad)],
);
export const reciprocalGrad = (y: Tensor, g: Tensor): Tensor => apply(ReciprocalGrad, [y, g], NO_ATTRS);

/** `tf.math.reciprocal`: 1/x; gradient ReciprocalGrad(y, g). */
export const Reciprocal = unaryPrimitive(
  'Reciprocal',
  {
    api: 'tf.math.reciprocal',
    expr: ([a]) => ({ text: `1/${wrap(a, 1)}`, prec: 2 }),
    derivative: unaryDerivative((a) => `−1/${wrap(a, 0)}²`),
  },
  FLOATS,
  fixed((x) => 1 / x),
  (g, { output }) => [reciprocalGrad(output, g)],
);
export const reciprocal = unary(Reciprocal);

/** `SqrtGrad(y, g)` = 0.5*g/y, 0 where g == 0. Packet form (0.5/y)*g, scalar form (0.5*g)/y. Own gradient `_SqrtGradGrad`. */
export const SqrtGrad = gradPrimitive(
  'SqrtGrad',
  { api: 'tf.raw_ops.SqrtGrad' },
  FLOATS,
  (d) => {
    const r = stepRounding(d);
    return {
      packet: (y, g) => (g === 0 ? 0 : r(0.5 / y) * g),
      scalar: (y, g) => (g === 0 ? 0 : r(0.5 * g) / y),
    };
  },
  (grad, { inputs: [a], output }) => {
    const ga = realdiv(grad, a);
    return [mul(neg(ga), output), mul(0.5, ga)];
  },
);
export const sqrtGrad = (y: Tensor, g: Tensor): Tensor => apply(SqrtGrad, [y, g], NO_ATTRS);

/** `tf.sqrt`: gradient 0.5*g/y, so sqrt'(0) = inf (MG `_SqrtGrad`). */
export const Sqrt = unaryPrimitive(
  'Sqrt',
  { api: 'tf.math.sqrt', aliases: ['tf.sqrt'], derivative: unaryDerivative((a) => `1/(2·sqrt(${a.text}))`) },
  FLOATS,
  fixed(Math.sqrt),
  (g, { output }) => [sqrtGrad(output, g)],
);
export const sqrt = unary(Sqrt);

/** `RsqrtGrad(y, g)` = -0.5*g*y^3, 0 where g == 0 (packet and scalar forms associate differently). */
export const RsqrtGrad = gradPrimitive(
  'RsqrtGrad',
  { api: 'tf.raw_ops.RsqrtGrad' },
  FLOATS,
  (d) => {
    const r = stepRounding(d);
    return {
      packet: (y, g) => {
        const yg = g === 0 ? 0 : r(y * g);
        return yg === 0 ? 0 : r(-0.5 * r(y * y)) * yg;
      },
      scalar: (y, g) => (g === 0 ? 0 : r(-0.5 * r(g * y)) * r(y * y)),
    };
  },
  (grad, { inputs: [a, b] }) => [mul(mul(mul(-1.5, grad), b), square(a)), rsqrtGrad(a, grad)],
);
export const rsqrtGrad = (y: Tensor, g: Tensor): Tensor => apply(RsqrtGrad, [y, g], NO_ATTRS);

/** `tf.math.rsqrt`: 1/sqrt(x); gradient RsqrtGrad(y, g). */
export const Rsqrt = unaryPrimitive(
  'Rsqrt',
  { api: 'tf.math.rsqrt', derivative: unaryDerivative((a) => `−rsqrt(${a.text})³/2`) },
  FLOATS,
  (d) => {
    const r = stepRounding(d);
    return (x) => 1 / r(Math.sqrt(x));
  },
  (g, { output }) => [rsqrtGrad(output, g)],
);
export const rsqrt = unary(Rsqrt);

// ---- exponentials and logarithms --------------------------------------------------------------------------------

export const Exp = unaryPrimitive(
  'Exp',
  { api: 'tf.math.exp', aliases: ['tf.exp'], derivative: unaryDerivative((a) => `exp(${a.text})`) },
  FLOATS,
  fixed(Math.exp),
  (g, { output }) => [mul(g, output)],
);
export const Expm1 = unaryPrimitive(
  'Expm1',
  { api: 'tf.math.expm1', derivative: unaryDerivative((a) => `exp(${a.text})`) },
  FLOATS,
  fixed(Math.expm1),
  (g, { inputs: [x] }) => [mul(g, exp(x))],
);
export const Log = unaryPrimitive(
  'Log',
  { api: 'tf.math.log', derivative: unaryDerivative((a) => `1/${wrap(a, 1)}`) },
  FLOATS,
  fixed(Math.log),
  (g, { inputs: [x] }) => [mul(g, reciprocal(x))],
);
export const Log1p = unaryPrimitive(
  'Log1p',
  { api: 'tf.math.log1p', derivative: unaryDerivative((a) => `1/(1 + ${a.text})`) },
  FLOATS,
  fixed(Math.log1p),
  (g, { inputs: [x] }) => [mul(g, reciprocal(add(1, x)))],
);
export const exp = unary(Exp);
export const expm1 = unary(Expm1);
export const log = unary(Log);
export const log1p = unary(Log1p);

// ---- trigonometric and hyperbolic -------------------------------------------------------------------------------

export const Sin = unaryPrimitive(
  'Sin',
  { api: 'tf.math.sin', aliases: ['tf.sin'], derivative: unaryDerivative((a) => `cos(${a.text})`) },
  FLOATS,
  fixed(Math.sin),
  (g, { inputs: [x] }) => [mul(g, cos(x))],
);
export const Cos = unaryPrimitive(
  'Cos',
  { api: 'tf.math.cos', aliases: ['tf.cos'], derivative: unaryDerivative((a) => `−sin(${a.text})`) },
  FLOATS,
  fixed(Math.cos),
  (g, { inputs: [x] }) => [mul(neg(g), sin(x))],
);
/** MG `_TanGrad`: square(1/cos(x)) * g. */
export const Tan = unaryPrimitive(
  'Tan',
  { api: 'tf.math.tan', aliases: ['tf.tan'], derivative: unaryDerivative((a) => `1/cos²(${a.text})`) },
  FLOATS,
  fixed(Math.tan),
  (g, { inputs: [x] }) => [mul(square(reciprocal(cos(x))), g)],
);
/** MG `_AsinGrad`: g * 1/sqrt(1 - x^2). */
export const Asin = unaryPrimitive(
  'Asin',
  { api: 'tf.math.asin', aliases: ['tf.asin'] },
  FLOATS,
  fixed(Math.asin),
  (g, { inputs: [x] }) => [mul(g, reciprocal(sqrt(sub(1, square(x)))))],
);
export const Acos = unaryPrimitive(
  'Acos',
  { api: 'tf.math.acos', aliases: ['tf.acos'] },
  FLOATS,
  fixed(Math.acos),
  (g, { inputs: [x] }) => [mul(neg(g), reciprocal(sqrt(sub(1, square(x)))))],
);
export const Atan = unaryPrimitive(
  'Atan',
  { api: 'tf.math.atan', aliases: ['tf.atan'] },
  FLOATS,
  fixed(Math.atan),
  (g, { inputs: [x] }) => [mul(g, reciprocal(add(1, square(x))))],
);
export const Sinh = unaryPrimitive(
  'Sinh',
  { api: 'tf.math.sinh', aliases: ['tf.sinh'] },
  FLOATS,
  fixed(Math.sinh),
  (g, { inputs: [x] }) => [mul(g, cosh(x))],
);
export const Cosh = unaryPrimitive(
  'Cosh',
  { api: 'tf.math.cosh', aliases: ['tf.cosh'] },
  FLOATS,
  fixed(Math.cosh),
  (g, { inputs: [x] }) => [mul(g, sinh(x))],
);
export const sin = unary(Sin);
export const cos = unary(Cos);
export const tan = unary(Tan);
export const asin = unary(Asin);
export const acos = unary(Acos);
export const atan = unary(Atan);
export const sinh = unary(Sinh);
export const cosh = unary(Cosh);

/** `TanhGrad(y, g)` = g * (1 - y*y). Its gradient (MG `_TanhGradGrad`): (grad * -2 * g * y, TanhGrad(y, grad)). */
export const TanhGrad = gradPrimitive(
  'TanhGrad',
  { api: 'tf.raw_ops.TanhGrad' },
  FLOATS,
  (d) => (d === 'float32' ? tanhGradF32 : tanhGradF64),
  (grad, { inputs: [a, b] }) => [mul(mul(mul(grad, -2), b), a), tanhGrad(a, grad)],
);
export const tanhGrad = (y: Tensor, g: Tensor): Tensor => apply(TanhGrad, [y, g], NO_ATTRS);
export const Tanh = unaryPrimitive(
  'Tanh',
  {
    api: 'tf.math.tanh',
    aliases: ['tf.tanh', 'tf.nn.tanh'],
    derivative: unaryDerivative((a) => `1 − tanh²(${a.text})`),
  },
  FLOATS,
  fixed(Math.tanh),
  (g, { output }) => [tanhGrad(output, g)],
);
export const tanh = unary(Tanh);

// ---- erf ----------------------------------------------------------------------------------------------------------

/** `tf.math.erf`; gradient g * 2/sqrt(pi) * exp(-x^2) (MG `_ErfGrad`, the constant in the gradient's dtype). */
export const Erf = unaryPrimitive('Erf', { api: 'tf.math.erf' }, FLOATS, fixed(erfKernel), (g, { inputs: [x] }) => [
  mul(mul(g, constant(2 / Math.sqrt(Math.PI), g.dtype)), exp(neg(square(x)))),
]);
export const erf = unary(Erf);

// ---- rounding (not differentiable) --------------------------------------------------------------------------------

export const Floor = unaryPrimitive(
  'Floor',
  { api: 'tf.math.floor', aliases: ['tf.floor'] },
  FLOATS,
  fixed(Math.floor),
  'none',
);
export const Ceil = unaryPrimitive(
  'Ceil',
  { api: 'tf.math.ceil', aliases: ['tf.ceil'] },
  FLOATS,
  fixed(Math.ceil),
  'none',
);
/** `tf.math.rint` and `tf.round` (TF rounds half to even, like C `rint`). */
export const Rint = unaryPrimitive('Rint', { api: 'tf.math.rint' }, FLOATS, fixed(rintKernel), 'none');
export const Round = unaryPrimitive(
  'Round',
  { api: 'tf.math.round', aliases: ['tf.round'] },
  REALS,
  fixed(rintKernel),
  'none',
);
export const floor = unary(Floor);
export const ceil = unary(Ceil);
export const rint = unary(Rint);
/** `tf.round`: banker's rounding; an integer tensor is returned as is (math_ops.round). */
export function round(x: TensorLike): Tensor {
  const t = toTensor(x);
  return isInt(t.dtype) ? t : apply(Round, [t], NO_ATTRS);
}

// ---- classification (bool results) ------------------------------------------------------------------------------

export const IsNan = unaryPrimitive(
  'IsNan',
  { api: 'tf.math.is_nan' },
  FLOATS,
  fixed((x) => (Number.isNaN(x) ? 1 : 0)),
  'none',
  'bool',
);
export const IsInf = unaryPrimitive(
  'IsInf',
  { api: 'tf.math.is_inf' },
  FLOATS,
  fixed((x) => (x === Infinity || x === -Infinity ? 1 : 0)),
  'none',
  'bool',
);
export const IsFinite = unaryPrimitive(
  'IsFinite',
  { api: 'tf.math.is_finite' },
  FLOATS,
  fixed((x) => (Number.isFinite(x) ? 1 : 0)),
  'none',
  'bool',
);
export const isNan = unary(IsNan);
export const isInf = unary(IsInf);
export const isFinite = unary(IsFinite);
