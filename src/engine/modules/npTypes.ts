/** NumPy's dtype rules over the engine's dtypes: kinds, inference from Python data, and promotion of two dtypes. */
import type { Nested } from '../tensor/convert';
import type { DType } from '../tensor/dtype';
import { Tensor } from '../tensor/tensor';

export const KIND: Record<DType, number> = {
  bool: 0,
  int8: 1,
  int16: 1,
  int32: 1,
  int64: 1,
  uint8: 1,
  uint16: 1,
  float16: 2,
  float32: 2,
  float64: 2,
  string: 3,
};

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

/** NumPy's `result_type` of two array dtypes (`promote_types`): the smallest dtype that holds both exactly. */
export function resultType(a: DType, b: DType): DType {
  if (a === b) return a;
  const ka = KIND[a];
  const kb = KIND[b];
  if (ka === 3 || kb === 3) return ka === 3 ? a : b;
  if (ka === 0 || kb === 0) return ka === 0 ? b : a;
  if (ka === 2 && kb === 2) return floatBits(a) > floatBits(b) ? a : b;
  if (ka === 2 || kb === 2) {
    const [i, f] = ka === 2 ? [b, a] : [a, b];
    const need = intBits(i) <= 8 ? 16 : intBits(i) <= 16 ? 32 : 64; // a float with room for the int's digits
    return floatOfBits(Math.max(need, floatBits(f)));
  }
  const ua = UNSIGNED.has(a);
  const ub = UNSIGNED.has(b);
  if (ua === ub) return intBits(a) > intBits(b) ? a : b;
  const [u, s] = ua ? [a, b] : [b, a];
  const bits = Math.max(intBits(s), 2 * intBits(u)); // a signed type wider than the unsigned one
  return bits <= 8 ? 'int8' : bits <= 16 ? 'int16' : bits <= 32 ? 'int32' : 'int64';
}

const UNSIGNED = new Set<DType>(['uint8', 'uint16']);
const FLOAT_BITS: Record<string, number> = { float16: 16, float32: 32, float64: 64 };
const floatBits = (d: DType): number => FLOAT_BITS[d] ?? 64;
const intBits = (d: DType): number => Number(/\d+/.exec(d)?.[0] ?? 64);
const floatOfBits = (b: number): DType => (b <= 16 ? 'float16' : b <= 32 ? 'float32' : 'float64');
