/** NumPy's dtype rules over the engine's dtypes: kinds, inference from Python data, and promotion of two dtypes. */
import type { Nested } from '../tensor/convert';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';

export const KIND: Record<DType, number> = { bool: 0, int32: 1, int64: 1, float32: 2, float64: 2, string: 3 };

/** NumPy's dtype for a nested Python value: float64 for floats, int64 for ints. */
export function npInfer(v: Nested): DType {
  let k = 0;
  let tensorDType: DType | undefined;
  const visit = (x: Nested): void => {
    if (Array.isArray(x)) for (const e of x) visit(e);
    else if (typeof x === 'number') k = Math.max(k, 2);
    else if (typeof x === 'bigint') k = Math.max(k, 1);
    else if (typeof x === 'string') k = 3;
    else if (x instanceof Tensor) tensorDType ??= x.dtype;
  };
  visit(v);
  if (tensorDType && k < 2) return tensorDType;
  return (['bool', 'int64', 'float64', 'string'] as DType[])[k];
}

export function resultType(a: DType, b: DType): DType {
  if (a === b) return a;
  const ka = KIND[a];
  const kb = KIND[b];
  if (ka !== kb) {
    const [lo, hi] = ka < kb ? [a, b] : [b, a];
    if (KIND[hi] === 2 && KIND[lo] === 1) return 'float64';
    return hi;
  }
  return ka === 2 ? 'float64' : 'int64';
}
