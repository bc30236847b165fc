/**
 * While `tf.function` traces, its tensor arguments are symbolic in TensorFlow: Python code that prints one sees
 * `Tensor("x:0", shape=(None,), dtype=int32)` and a variable argument prints without its value. The engine runs
 * the trace on the real values; these marks only change how the argument objects print during the trace.
 */
import type { PyInstance } from '../python/values';

export interface SymbolicMark {
  /** Graph tensor name, `x:0`. */
  name: string;
  /** The traced shape (None for a dimension an input signature leaves open). */
  shape: readonly (number | null)[];
}

const marks = new WeakMap<PyInstance, SymbolicMark>();
const variables = new Set<PyInstance>();

export function markSymbolic(obj: PyInstance, mark: SymbolicMark): void {
  marks.set(obj, mark);
}

export function symbolicMark(obj: PyInstance): SymbolicMark | undefined {
  return marks.get(obj);
}

/** Variables passed to a function being traced print as `<tf.Variable 'v:0' shape=() dtype=float32>`. */
export function setSymbolicVariable(obj: PyInstance, on: boolean): void {
  if (on) variables.add(obj);
  else variables.delete(obj);
}

export function isSymbolicVariable(obj: PyInstance): boolean {
  return variables.size > 0 && variables.has(obj);
}

function dimsText(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

/** `str()` of a symbolic tensor: `Tensor("x:0", shape=(2,), dtype=int32)`. */
export function symbolicStr(m: SymbolicMark, dtype: string): string {
  return `Tensor("${m.name}", shape=${dimsText(m.shape)}, dtype=${dtype})`;
}

/** `repr()` of a symbolic tensor: `<tf.Tensor 'x:0' shape=(2,) dtype=int32>`. */
export function symbolicRepr(m: SymbolicMark, dtype: string): string {
  return `<tf.Tensor '${m.name}' shape=${dimsText(m.shape)} dtype=${dtype}>`;
}
