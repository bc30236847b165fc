/**
 * Small text helpers shared by the report modules: numbers and tensors as short text for explanations and
 * previews, and NaN/Infinity-safe nested values.
 */
import { chunkBuffer, readChunk } from '../../protocol/chunks';
import type { NestedValue } from '../../protocol/report';
import { allEqualF32Wasm } from '../kernels/statsWasm';
import type { DType } from '../tensor/dtype';
import { previewNumber, previewValue } from '../tensor/format';
import type { NDArrayLike } from '../tensor/formatArray';
import { sizeOf, stridesOf } from '../tensor/shape';
import { elementText } from '../tensor/stringBytes';

/** Significant digits of numbers in explanation text. */
export const TEXT_PRECISION = 6;

/** A number in explanation text: up to 6 significant digits, integral values without `.0`, `nan`, `inf`. */
export function numText(v: number, dtype: DType = 'float64'): string {
  const fast = integralText(v, dtype);
  return fast ?? previewNumber(v, dtype, TEXT_PRECISION);
}

/** What `previewNumber` prints for an integral value below 10⁶ (the common case), without the exact-digits work. */
function integralText(v: number, dtype: DType): string | undefined {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (!Number.isInteger(v) || v >= 1e6 || v <= -1e6) return undefined;
  return v === 0 && Object.is(v, -0) ? '-0' : String(v);
}

/** Scalar previews by value, per (dtype, maxChars, precision); 0 and -0 are never stored (the Map equates them). */
const scalarPreviews = new Map<string, Map<number, string>>();
const SCALAR_MEMO_SIZE = 4096;
/** The memo last asked for, by its key's parts (no key string built per preview). */
let lastMemo: { dtype: DType; maxChars: number; precision: number; memo: Map<number, string> } | undefined;
function memoFor(dtype: DType, maxChars: number, precision: number): Map<number, string> {
  const l = lastMemo;
  if (l !== undefined && l.dtype === dtype && l.maxChars === maxChars && l.precision === precision) return l.memo;
  const key = `${dtype}|${maxChars}|${precision}`;
  let memo = scalarPreviews.get(key);
  if (!memo) scalarPreviews.set(key, (memo = new Map()));
  lastMemo = { dtype, maxChars, precision, memo };
  return memo;
}

/**
 * `previewValue` with a fast path for small tensors of integral values (same text, no exact-digits work): the
 * report previews many tensors like `[[8, 8], [8, 8]]`.
 */
export function quickPreview(a: NDArrayLike, maxChars = 60, precision = 4): string {
  const d = a.data as ArrayLike<number>;
  const n = d.length;
  if (a.dtype === 'string' || n === 0 || n > 64 || a.shape.length > 4) return previewValue(a, { maxChars, precision });
  if (n === 1 && a.shape.length === 0) {
    const v = d[0];
    const t = integralText(v, a.dtype);
    if (t !== undefined && t.length <= maxChars) return t;
    // A scalar's preview depends on its value alone: a 10,000-op loop previews few distinct values many times.
    if (v === 0) return previewValue(a, { maxChars, precision });
    const memo = memoFor(a.dtype, maxChars, precision);
    let text = memo.get(v);
    if (text === undefined) {
      text = previewValue(a, { maxChars, precision });
      if (memo.size >= SCALAR_MEMO_SIZE) memo.clear();
      memo.set(v, text);
    }
    return text;
  }
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const t = integralText(d[i], a.dtype);
    if (t === undefined) return previewValue(a, { maxChars, precision });
    parts[i] = t;
  }
  if (a.shape.length === 0) return parts[0].length <= maxChars ? parts[0] : previewValue(a, { maxChars, precision });
  const { shape } = a;
  let k = 0;
  const walk = (axis: number): string => {
    const m = shape[axis];
    const items = new Array<string>(m);
    for (let i = 0; i < m; i++) items[i] = axis === shape.length - 1 ? parts[k++] : walk(axis + 1);
    return `[${items.join(', ')}]`;
  };
  const text = walk(0);
  return text.length <= maxChars ? text : previewValue(a, { maxChars, precision });
}

/** The single value of a tensor whose elements are all equal (or its only element), else undefined. */
export function uniformValue(a: NDArrayLike): number | undefined {
  const d = a.data as ArrayLike<number>;
  if (a.dtype === 'string' || d.length === 0) return undefined;
  const v = d[0];
  // Most tensors differ by their second element; the rest are read in chunks (see protocol/chunks.ts).
  if (d.length > 1 && !(d[1] === v || (Number.isNaN(v) && Number.isNaN(d[1])))) return undefined;
  const fast = d instanceof Float32Array ? allEqualF32Wasm(d) : undefined;
  if (fast !== undefined) return fast ? v : undefined;
  const buf = chunkBuffer(d.length);
  const nan = Number.isNaN(v);
  for (let s = 0; s < d.length; ) {
    const n = readChunk(d, s, buf);
    if (nan) {
      for (let j = 0; j < n; j++) if (!Number.isNaN(buf[j])) return undefined;
    } else for (let j = 0; j < n; j++) if (buf[j] !== v) return undefined;
    s += n;
  }
  return v;
}

/**
 * A tensor as text inside a formula: its value when it is a scalar or all its elements are equal (`8`), else a
 * short preview (`[2, 4, 6]`).
 */
export function tensorText(a: NDArrayLike, maxChars = 48): string {
  const u = uniformValue(a);
  if (u !== undefined) return numText(u, a.dtype);
  return quickPreview(a, maxChars, TEXT_PRECISION);
}

/** One element of a typed array as a JSON-safe nested value. */
export function encodeElement(v: number | string, dtype: DType): NestedValue {
  if (typeof v === 'string') return elementText(v);
  if (dtype === 'bool') return v !== 0;
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return v;
}

/** A JS number (Python float) as a JSON-safe value: NaN and infinities become `'nan'`, `'inf'`, `'-inf'`. */
export function encodeNumber(v: number): number | string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return v;
}

/** The full nested value of an array (row-major, by shape), with NaN/Infinity encoded as strings. */
export function nestedValue(a: NDArrayLike): NestedValue {
  const { shape, dtype } = a;
  const data = a.data as ArrayLike<number | string>;
  if (shape.length === 0) return encodeElement(data[0], dtype);
  if (sizeOf(shape) === 0) return emptyNested(shape, 0);
  const strides = stridesOf(shape);
  const walk = (axis: number, base: number): NestedValue => {
    const n = shape[axis];
    const out = new Array<NestedValue>(n);
    if (axis === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = encodeElement(data[base + i], dtype);
    } else {
      for (let i = 0; i < n; i++) out[i] = walk(axis + 1, base + i * strides[axis]);
    }
    return out;
  };
  return walk(0, 0);
}

function emptyNested(shape: readonly number[], axis: number): NestedValue {
  if (axis === shape.length) return [];
  const n = shape[axis];
  const out: NestedValue[] = [];
  for (let i = 0; i < n; i++) out.push(emptyNested(shape, axis + 1));
  return out;
}

/** Cut `s` to at most `max` characters, ending with `…` when cut. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

/** A Python-like shape tuple for messages: `(2, 2)`, `(3,)`, `()`. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export { derivativeLabel, dName } from '../../protocol/derivative';
