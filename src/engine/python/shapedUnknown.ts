/**
 * What keeps the shape of an unknown array whose shape is documented (`ShapedUnknown`): its `shape`, `ndim` and
 * `size`, indexing with ints and slices, and arithmetic with a Python number (NumPy's dtype rules for a Python
 * scalar operand: true division of integers gives float64, a Python float turns integers into float64, a Python int
 * keeps the array's dtype). Anything else gives a plain unknown.
 */
import type { BinOp } from './ast';
import { sliceIndices } from './attributes';
import { PySlice, PyTuple, type PyValue, ShapedUnknown } from './values';

const INTS = new Set(['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'int64', 'uint64', 'bool']);

/** `.shape`, `.ndim`, `.size`; undefined for any other attribute (a plain unknown). */
export function shapedAttr(u: ShapedUnknown, name: string): PyValue | undefined {
  if (name === 'shape') return new PyTuple(u.shape.map((d) => BigInt(d)));
  if (name === 'ndim') return BigInt(u.shape.length);
  if (name === 'size') return BigInt(u.shape.reduce((a, b) => a * b, 1));
  return undefined;
}

/** `u[key]` for ints, slices and tuples of them along the leading axes; undefined otherwise. */
export function shapedItem(u: ShapedUnknown, key: PyValue): ShapedUnknown | undefined {
  const keys = key instanceof PyTuple ? key.items : [key];
  if (keys.length > u.shape.length) return undefined;
  const shape: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (typeof k === 'bigint' || typeof k === 'boolean') {
      const n = Number(k);
      if (n < -u.shape[i] || n >= u.shape[i]) return undefined;
      continue;
    }
    if (!(k instanceof PySlice)) return undefined;
    const [start, stop, step] = sliceIndices(k, u.shape[i]);
    shape.push(Math.max(0, step > 0 ? Math.ceil((stop - start) / step) : Math.ceil((start - stop) / -step)));
  }
  return u.with([...shape, ...u.shape.slice(keys.length)]);
}

/** `u op x` or `x op u` with a Python number `x`; undefined for other operands or operators. */
export function shapedArith(op: BinOp, a: PyValue, b: PyValue): ShapedUnknown | undefined {
  const u = a instanceof ShapedUnknown ? a : b instanceof ShapedUnknown ? b : undefined;
  const x = u === a ? b : a;
  if (!u || !(typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean')) return undefined;
  if (!['+', '-', '*', '/', '//', '%', '**'].includes(op) || u.dtype === 'object') return undefined;
  const int = INTS.has(u.dtype);
  const dtype = int && (op === '/' || typeof x === 'number') ? 'float64' : u.dtype === 'bool' ? 'int64' : u.dtype;
  return u.with(u.shape, dtype);
}
