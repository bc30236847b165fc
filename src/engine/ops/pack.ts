/**
 * Python lists that hold tensors become tensors by packing (TF's autopacking conversion: a `Pack` op), so a tape
 * that recorded the tensors sees the list's use: `tf.reduce_sum([x * 3, x])` is differentiable in `x`.
 */
import { constant, inferDType, type Nested } from '../tensor/convert';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';
import { stack } from './shape';

export function containsTensor(v: Nested): boolean {
  if (v instanceof Tensor) return true;
  return Array.isArray(v) && v.some(containsTensor);
}

/** `constant(v, dtype)`, except that lists holding tensors are stacked (recorded) rather than copied. */
export function packNested(v: Nested, dtype?: DType): Tensor {
  if (!Array.isArray(v) || !containsTensor(v)) return constant(v, dtype);
  const dt = dtype ?? inferDType(v);
  return stack(
    v.map((e) => (e instanceof Tensor ? e : packNested(e, dt))),
    0,
  );
}
