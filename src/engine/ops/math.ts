import { castTensorData } from '../tensor/convert';
import { type DType, isFloat } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';
import { binaryOperands, type TensorLike, toTensor } from './convert';
import { binaryOp, unaryOp } from './define';
import { apply, defineOp } from './registry';

// ---- arithmetic primitives (TF op names) -------------------------------------------------------------------------

export const AddV2 = binaryOp(
  'AddV2',
  (x, y) => x + y,
  (g) => [g, g],
);
export const Sub = binaryOp(
  'Sub',
  (x, y) => x - y,
  (g) => [g, neg(g)],
);
export const Mul = binaryOp(
  'Mul',
  (x, y) => x * y,
  (g, { inputs: [a, b] }) => [mul(g, b), mul(a, g)],
);
export const RealDiv = binaryOp(
  'RealDiv',
  (x, y) => x / y,
  (g, { inputs: [a, b] }) => [realdiv(g, b), mul(g, realdiv(realdiv(neg(a), b), b))],
);
export const Neg = unaryOp(
  'Neg',
  (x) => -x,
  (g) => [neg(g)],
);

export const add = (a: TensorLike, b: TensorLike): Tensor => apply(AddV2, binaryOperands(a, b), {});
export const sub = (a: TensorLike, b: TensorLike): Tensor => apply(Sub, binaryOperands(a, b), {});
export const mul = (a: TensorLike, b: TensorLike): Tensor => apply(Mul, binaryOperands(a, b), {});
export const realdiv = (a: TensorLike, b: TensorLike): Tensor => apply(RealDiv, binaryOperands(a, b), {});
export const neg = (x: TensorLike): Tensor => apply(Neg, [toTensor(x)], {});

/** `tf.math.divide` / Python `/`: integer operands are first cast to float64 (int8/int16 would go to float32). */
export function divide(a: TensorLike, b: TensorLike): Tensor {
  let [x, y] = binaryOperands(a, b);
  if (x.dtype === 'int32' || x.dtype === 'int64') {
    x = cast(x, 'float64');
    y = cast(y, 'float64');
  }
  return realdiv(x, y);
}

// ---- identity-like ----------------------------------------------------------------------------------------------

export const Identity = defineOp({
  name: 'Identity',
  infer: ([x]) => ({ shape: x.shape, dtype: x.dtype }),
  kernel: ([x]) => x.data,
  vjp: (g) => [g],
});
export const identity = (x: TensorLike): Tensor => apply(Identity, [toTensor(x)], {});

/** `tf.stop_gradient`: identity forward, registered NotDifferentiable. */
export const StopGradient = defineOp({
  name: 'StopGradient',
  infer: ([x]) => ({ shape: x.shape, dtype: x.dtype }),
  kernel: ([x]) => x.data,
  vjp: 'none',
});
export const stopGradient = (x: TensorLike): Tensor => apply(StopGradient, [toTensor(x)], {});

/** `tf.cast`: the gradient is cast back only when both dtypes are floating (MG `_CastGrad`), else None. */
export const Cast = defineOp<{ to: DType }>({
  name: 'Cast',
  infer: ([x], { to }) => ({ shape: x.shape, dtype: to }),
  kernel: ([x], { to }) => castTensorData(x, to).data,
  vjp: (g, { inputs: [x], output }) => (isFloat(x.dtype) && isFloat(output.dtype) ? [cast(g, x.dtype)] : [null]),
});
export function cast(x: TensorLike, to: DType): Tensor {
  const t = toTensor(x);
  return t.dtype === to ? t : apply(Cast, [t], { to });
}
