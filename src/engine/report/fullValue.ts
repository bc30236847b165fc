/**
 * A value in full, for "Copy Value": NumPy text (`np.array([...], dtype=float32)`, NumPy's own `repr` with
 * `np.set_printoptions(threshold=sys.maxsize, floatmode='unique')`: every element, each with the fewest digits that
 * read back to the same number) or JSON (`{"dtype", "shape", "data"}`, `data` nested by shape as `tolist()` gives
 * it, NaN and infinities as the strings `"nan"`, `"inf"`, `"-inf"`).
 */
import type { DType } from '../tensor/dtype';
import { type NDArrayLike, ndarrayRepr, type PrintOptions } from '../tensor/formatArray';
import { formatFloat32Shortest } from '../tensor/formatFloat';
import { nestedValue } from './text';

export type FullValueFormat = 'numpy' | 'json';

/** NumPy's print options for a full value: no summarising, shortest round-trip digits. */
export const FULL_PRINT_OPTIONS: Partial<PrintOptions> = { threshold: Number.POSITIVE_INFINITY, floatmode: 'unique' };

/** `repr(np.asarray(a))` under `FULL_PRINT_OPTIONS`, as code: `np.array([1.5, 2. ], dtype=float32)`. */
export function numpyFullText(a: NDArrayLike): string {
  return `np.${ndarrayRepr(a, FULL_PRINT_OPTIONS)}`;
}

/** `{"dtype":"float32","shape":[2],"data":[1.5,2]}`; float32 elements with their shortest float32 digits. */
export function jsonFullText(a: NDArrayLike): string {
  const float32 = a.dtype === 'float32';
  const data = nestedValue(float32 ? { dtype: a.dtype, shape: a.shape, data: shortest32(a.data) } : a);
  return JSON.stringify({ dtype: jsonDType(a.dtype), shape: [...a.shape], data });
}

export function fullValueText(a: NDArrayLike, format: FullValueFormat): string {
  return format === 'numpy' ? numpyFullText(a) : jsonFullText(a);
}

/** float32 data as the doubles whose shortest text is the float32's shortest text (`0.1`, not `0.10000000149…`). */
function shortest32(data: NDArrayLike['data']): Float64Array {
  const src = data as ArrayLike<number>;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    out[i] = Number.isFinite(v) ? Number(formatFloat32Shortest(v)) : v;
  }
  return out;
}

const jsonDType = (d: DType): string => (d === 'string' ? 'object' : d);
