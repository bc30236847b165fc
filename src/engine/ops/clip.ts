import { EngineError } from '../errors';
import { shapesEqual, shapeTuple } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { onesLike } from './array';
import { greater, where } from './compare';
import { type TensorLike, toTensor } from './convert';
import { l2Loss } from './losses';
import { add, cast, identity, maximum, minimum, mul, sub, truediv } from './math';
import { reduceSum } from './reduce';
import { stack } from './shape';
import { sqrt } from './unary';

/** `TensorShape.assert_is_compatible_with`: clipping must not broadcast the input to a larger shape. */
function assertCompatible(values: Tensor, result: Tensor): void {
  if (!shapesEqual(values.shape, result.shape)) {
    throw new EngineError(
      'ValueError',
      `Shapes ${shapeTuple(values.shape)} and ${shapeTuple(result.shape)} are incompatible`,
    );
  }
}

/**
 * `tf.clip_by_value(t, clip_value_min, clip_value_max)`, composed as clip_ops does: maximum(minimum(t, max), min).
 * The gradient is therefore Minimum's then Maximum's: 1 where t lies in [min, max] (both ends included), 0 outside.
 */
export function clipByValue(t: TensorLike, clipValueMin: TensorLike, clipValueMax: TensorLike): Tensor {
  const values = toTensor(t);
  const tMin = minimum(values, clipValueMax);
  assertCompatible(values, tMin);
  const tMax = maximum(tMin, clipValueMin);
  assertCompatible(values, tMax);
  return tMax;
}

/**
 * `tf.clip_by_norm(t, clip_norm, axes=None)`, composed as clip_ops does, including its two-tap `where` that keeps
 * the gradient finite for an all-zero input: t * clip_norm / maximum(l2norm(t), clip_norm).
 */
export function clipByNorm(t: TensorLike, clipNorm: TensorLike, axes?: number | readonly number[] | null): Tensor {
  const values = toTensor(t);
  const l2sum = reduceSum(mul(values, values), axes, true);
  const pred = greater(l2sum, 0);
  const l2sumSafe = where(pred, l2sum, onesLike(l2sum));
  const l2norm = where(pred, sqrt(l2sumSafe), l2sum);
  const intermediate = mul(values, clipNorm);
  assertCompatible(values, intermediate);
  return identity(truediv(intermediate, maximum(l2norm, clipNorm)));
}

/**
 * `tf.clip_by_global_norm(t_list, clip_norm, use_norm=None)`, composed as clip_ops does: the global norm is
 * `sqrt(2 · Σ l2_loss(t))`, each tensor is scaled by `clip_norm · min(1/norm, 1/clip_norm)` (plus `norm - norm`, so
 * a non-finite norm makes every value NaN). `null` entries stay `null`.
 */
export function clipByGlobalNorm(
  tList: readonly (Tensor | null)[],
  clipNorm: TensorLike,
  useNorm?: Tensor,
): [(Tensor | null)[], Tensor] {
  const present = tList.filter((t): t is Tensor => t !== null);
  const norm = useNorm ?? globalNorm(present);
  const clip = toTensor(clipNorm, norm.dtype);
  const one = toTensor(1, norm.dtype);
  const scaleForFinite = mul(clip, minimum(truediv(one, norm), truediv(one, clip)));
  const scale = add(scaleForFinite, sub(norm, norm));
  return [tList.map((t) => (t === null ? null : identity(mul(t, cast(scale, t.dtype))))), norm];
}

/** `tf.linalg.global_norm(t_list)`: `sqrt(2 · Σ l2_loss(t))`. */
export function globalNorm(tList: readonly Tensor[]): Tensor {
  const halfSquared = reduceSum(stack(tList.map((t) => l2Loss(t))));
  return sqrt(mul(halfSquared, 2));
}
