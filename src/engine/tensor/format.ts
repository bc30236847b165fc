/**
 * Value printing as TensorFlow 2 eager (TF 2.15 on NumPy 1.26) prints it — TF-SEMANTICS §1.2:
 *
 *   str(t)   tf.Tensor(6.0, shape=(), dtype=float32)            tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)
 *   repr(t)  <tf.Tensor: shape=(), dtype=float32, numpy=36.0>   <tf.Tensor: shape=(2, 2), dtype=float32, numpy=\narray([[8., 8.],\n       [8., 8.]], dtype=float32)>
 *   repr(v)  <tf.Variable 'x0:0' shape=() dtype=float32, numpy=3.0>
 *   str(s)   IndexedSlices(indices=<str>, values=<str>, dense_shape=<str>)
 *
 * The NumPy text comes from `formatArray.ts` (array2string) and `formatFloat.ts` (Dragon4 digits, Python
 * float repr); `formatPreview.ts` has the compact editor preview. This module holds the TF wrappers.
 */
import type { DType } from './dtype';
import { DEFAULT_PRINT_OPTIONS, numpyDTypeName, numpyText, printOptions } from './formatArray';
import type { IndexedSlices } from './indexedSlices';
import type { Shape } from './shape';
import { shapeTuple } from './shape';
import { Tensor, type Variable } from './tensor';

export {
  type Array2StringOptions,
  array2string,
  DEFAULT_PRINT_OPTIONS,
  type FloatMode,
  type NDArrayLike,
  ndarrayRepr,
  ndarrayStr,
  numpyDTypeName,
  numpyScalarRepr,
  numpyScalarTypedRepr,
  numpyText,
  type PrintOptions,
  pyBytesRepr,
} from './formatArray';
export {
  type FloatKind,
  formatFloat32Shortest,
  formatFloat64Shortest,
  type PositionalOptions,
  positional as formatFloatPositional,
  pyFloatRepr,
  type ScientificOptions,
  scientific as formatFloatScientific,
  shortestDigits,
  type Trim,
} from './formatFloat';
export { type PreviewOptions, previewNumber, previewValue } from './formatPreview';

/** TF's `numpy_text`: NumPy text, preceded by a newline when it spans several lines. */
function tfNumpyText(t: Tensor, isRepr: boolean): string {
  const key = memoKey(t, isRepr);
  if (key !== undefined) {
    const hit = textMemo.get(key);
    if (hit !== undefined) return hit;
  }
  const numpy = numpyText(t, isRepr);
  const text = numpy.includes('\n') ? `\n${numpy}` : numpy;
  if (key !== undefined) {
    if (textMemo.size >= MEMO_SIZE) textMemo.clear();
    textMemo.set(key, text);
  }
  return text;
}

/**
 * Under NumPy's default print options the text of a small numeric tensor depends on its dtype, shape and values
 * alone: a run's report prints the same small values many times (`[[8, 8], [8, 8]]`, loop scalars), and an
 * edit re-runs the same program. Values are keyed exactly (`-0` apart from `0`).
 */
const textMemo = new Map<string, string>();
const MEMO_SIZE = 4096;
const MEMO_MAX_ELEMENTS = 64;

function memoKey(t: Tensor, isRepr: boolean): string | undefined {
  const d = t.data;
  if (t.dtype === 'string' || d.length > MEMO_MAX_ELEMENTS || printOptions() !== DEFAULT_PRINT_OPTIONS)
    return undefined;
  let key = `${isRepr ? 'r' : 's'}${t.dtype}(${t.shape.join(',')})`;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    key += v === 0 && 1 / v < 0 ? ',-0' : `,${v}`;
  }
  return key;
}

/** `str(t)` / `print(t)`: `tf.Tensor([0. 0.], shape=(2,), dtype=float32)`. */
export function tensorStr(t: Tensor): string {
  return `tf.Tensor(${tfNumpyText(t, false)}, shape=${shapeTuple(t.shape)}, dtype=${t.dtype})`;
}

/** `repr(t)` (what a notebook cell shows): `<tf.Tensor: shape=(2,), dtype=float32, numpy=array([...], dtype=float32)>`. */
export function tensorRepr(t: Tensor): string {
  return `<tf.Tensor: shape=${shapeTuple(t.shape)}, dtype=${t.dtype}, numpy=${tfNumpyText(t, true)}>`;
}

/** `var.name` as TF reports it: the graph-style `name:0` (a bare `name` gets the `:0` output index). */
export function variableName(v: Variable): string {
  return /:\d+$/.test(v.name) ? v.name : `${v.name}:0`;
}

/** `repr(v)` and `str(v)` (TF defines only `__repr__`): `<tf.Variable 'x0:0' shape=() dtype=float32, numpy=3.0>`. */
export function variableRepr(v: Variable): string {
  return `<tf.Variable '${variableName(v)}' shape=${shapeTuple(v.shape)} dtype=${v.dtype}, numpy=${tfNumpyText(v.value, true)}>`;
}

/** The `dense_shape` component TF attaches to a gather gradient: an int32 vector (`variable_shape` / cast shape). */
export function denseShapeTensor(shape: Shape): Tensor {
  return new Tensor('int32', [shape.length], Int32Array.from(shape));
}

/** `str(slices)` per TF's `IndexedSlices.__str__`: each component printed with `str()`. */
export function indexedSlicesStr(s: IndexedSlices): string {
  return `IndexedSlices(indices=${tensorStr(s.indices)}, values=${tensorStr(s.values)}, dense_shape=${tensorStr(denseShapeTensor(s.denseShape))})`;
}

/**
 * `repr(slices)`: IndexedSlices has no `__repr__`, so Python's default object repr. The address is made up
 * (stable per values tensor) since there is no Python heap to point into.
 */
export function indexedSlicesRepr(s: IndexedSlices): string {
  const addr = (0x7f0000000000 + s.values.id * 0x40).toString(16);
  return `<tensorflow.python.framework.indexed_slices.IndexedSlices object at 0x${addr}>`;
}

/** `repr(tf.float32)` → `tf.float32`. */
export function tfDTypeRepr(d: DType): string {
  return `tf.${d}`;
}

/** `str(tf.float32)` → `<dtype: 'float32'>`. */
export function tfDTypeStr(d: DType): string {
  return `<dtype: '${d}'>`;
}

/** `repr(t.numpy().dtype)` → `dtype('float32')`; string tensors give object arrays → `dtype('O')`. */
export function npDTypeRepr(d: DType): string {
  return `dtype('${d === 'string' ? 'O' : d}')`;
}

/** `str(t.numpy().dtype)` → `float32` (`object` for string tensors). */
export function npDTypeStr(d: DType): string {
  return numpyDTypeName(d);
}

/** `repr(t.shape)` → `TensorShape([2, 2])`; `str(t.shape)` is `shapeTuple` → `(2, 2)`. */
export function tensorShapeRepr(s: Shape): string {
  return `TensorShape([${s.join(', ')}])`;
}
