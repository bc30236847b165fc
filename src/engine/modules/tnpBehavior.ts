/**
 * `tf.experimental.numpy`'s global switch and its dtype rules. `experimental_enable_numpy_behavior()` makes tensor
 * operators promote their operands as NumPy does (`int32 + float32 → float64`, a Python scalar takes the tensor's
 * dtype within its kind) and gives tensors NumPy's methods (`reshape`, `T`, `astype` …). The switch is per run.
 */

import { cast } from '../ops/math';
import { containsTensor, packNested } from '../ops/pack';
import { runtime } from '../python/runtime';
import { PyInstance, PyList, PyTuple, type PyValue } from '../python/values';
import type { DType } from '../tensor/dtype';
import { Tensor, Variable } from '../tensor/tensor';
import { NdArray } from './boxes';
import { fromNdArray, toNested, toTensor } from './convert';
import { KIND, npInfer, resultType } from './npTypes';

export interface NumpyBehavior {
  enabled: boolean;
  /** `prefer_float32=True`: Python floats and default float results are float32. */
  preferFloat32: boolean;
  /** A `dtype_conversion_mode` other than `legacy` (TF's WeakTensor promotion), which the engine does not model. */
  unsupportedMode: string | null;
}

export const numpyBehavior: NumpyBehavior = { enabled: false, preferFloat32: false, unsupportedMode: null };

/** Every run starts with NumPy behaviour off, as a fresh Python process does. */
export function resetNumpyBehavior(): void {
  numpyBehavior.enabled = false;
  numpyBehavior.preferFloat32 = false;
  numpyBehavior.unsupportedMode = null;
}

/** The float dtype tf.experimental.numpy defaults to (`tnp.ones`, `tnp.mean` of ints, a Python float). */
export const defaultFloat = (): DType => (numpyBehavior.preferFloat32 ? 'float32' : 'float64');

/** Raises the run's "unknown" when a promotion mode the engine does not model is on. */
export function checkMode(what: string): void {
  if (numpyBehavior.unsupportedMode !== null) {
    throw runtime().unsupported(`${what} with dtype_conversion_mode='${numpyBehavior.unsupportedMode}'`);
  }
}

/** One operand of a promotion: a dtype, or a Python scalar's kind (weak: it takes the other dtype in its kind). */
type Operand = { dtype: DType } | { weak: 0 | 1 | 2 };

const isTensorLike = (v: PyValue) =>
  v instanceof PyInstance && (v.payload instanceof Tensor || v.payload instanceof Variable);

function operand(v: PyValue): Operand {
  if (typeof v === 'boolean') return { weak: 0 };
  if (typeof v === 'bigint') return { weak: 1 };
  if (typeof v === 'number') return numpyBehavior.preferFloat32 ? { dtype: 'float32' } : { weak: 2 };
  if (v instanceof PyInstance) {
    const p = v.payload;
    if (p instanceof Tensor) return { dtype: p.dtype };
    if (p instanceof Variable) return { dtype: p.value.dtype };
    if (p instanceof NdArray) return { dtype: p.t.dtype };
  }
  return { dtype: npInfer(toNested(v, true)) };
}

/** NumPy 2's `result_type` over operands (NEP 50: Python scalars are weak), as tf.experimental.numpy calls it. */
export function tnpResultType(values: readonly PyValue[]): DType {
  const ops = values.map(operand);
  let strong: DType | undefined;
  let weak = -1;
  for (const o of ops) {
    if ('dtype' in o) strong = strong === undefined ? o.dtype : resultType(strong, o.dtype);
    else weak = Math.max(weak, o.weak);
  }
  if (strong === undefined) return weak === 2 ? defaultFloat() : weak === 1 ? 'int64' : 'bool';
  if (weak > KIND[strong]) return weak === 2 ? 'float64' : 'int64';
  return strong;
}

/**
 * A value as a tf.experimental.numpy array (a tensor): tensors keep their dtype, Python data takes NumPy's (a float
 * is float64 unless `prefer_float32`), `dtype` casts (with a recorded `Cast`, so gradients flow).
 */
export function tnpArray(v: PyValue, dtype?: DType): Tensor {
  if (isTensorLike(v)) {
    const t = toTensor(v);
    return dtype && dtype !== t.dtype ? cast(t, dtype) : t;
  }
  if (v instanceof PyInstance && v.payload instanceof NdArray) return fromNdArray(v.payload, dtype);
  const n = toNested(v, true);
  let d = dtype;
  if (d === undefined) {
    d = npInfer(n);
    if (d === 'float64' && numpyBehavior.preferFloat32 && !containsTensor(n)) d = 'float32';
  }
  return packNested(n, d);
}

/** The operands of a binary operation, both converted to their NumPy result dtype. */
export function tnpPromote(a: PyValue, b: PyValue): [Tensor, Tensor] {
  checkMode('type promotion');
  const d = tnpResultType([a, b]);
  return [tnpArray(a, d), tnpArray(b, d)];
}

/**
 * Operands of a tensor operator with NumPy behaviour on (TF's `maybe_promote_tensors`): the result dtype is taken
 * over the flattened operands, so a list operand counts by its Python scalars, which are weak.
 */
export function operatorOperands(self: PyValue, other: PyValue, reflected: boolean): [Tensor, Tensor] {
  checkMode('type promotion');
  const leaves: PyValue[] = [];
  const flatten = (v: PyValue): void => {
    if (v instanceof PyList || v instanceof PyTuple) for (const x of v.items) flatten(x);
    else leaves.push(v);
  };
  flatten(other);
  const d = tnpResultType([self, ...leaves]);
  const x = tnpArray(self, d);
  const y = tnpArray(other, d);
  return reflected ? [y, x] : [x, y];
}
