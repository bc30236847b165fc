/**
 * Snapshots of the module-level names after each cell, in the format `scripts/oracle/oracle.py` records from real
 * TensorFlow: kind, dtype, shape and the full value (NaN and infinities as strings), containers item by item, and
 * the public attributes of instances of the program's own classes. The conformance suite compares the two.
 */
import type { CellSnapshot, ValueSnapshot } from '../../protocol/report';
import { GradientTape } from '../autodiff/tape';
import { NdArray } from '../modules/boxes';
import { bytesData, decodeUtf8, isBytes } from '../python/bytes';
import { type Complex, isComplex } from '../python/complex';
import { pyRepr } from '../python/index';
import {
  PyClass,
  PyDict,
  PyFunction,
  PyInstance,
  PyList,
  PyModule,
  PyNativeFunction,
  PyObject,
  PySet,
  PyTuple,
  PyUnknown,
  type PyValue,
} from '../python/values';
import { IndexedSlices } from '../tensor/indexedSlices';
import { sizeOf } from '../tensor/shape';
import { Tensor, Variable } from '../tensor/tensor';
import { encodeNumber, nestedValue } from './text';
import { densifySlices } from './values';

const MAX_ELEMENTS = 1_000_000;
const MAX_ITEMS = 10_000;
const MAX_DEPTH = 8;

function arraySnapshot(kind: ValueSnapshot['kind'], dtype: string, t: Tensor | ReturnType<typeof densifySlices>) {
  const s: ValueSnapshot = { kind, dtype, shape: [...t.shape] };
  if (sizeOf(t.shape) <= MAX_ELEMENTS) s.value = nestedValue(t);
  return s;
}

function intValue(v: bigint): number | string {
  const n = Number(v);
  return n <= 2 ** 53 && n >= -(2 ** 53) ? n : String(v);
}

/** Bytes as the oracle records them: decoded as UTF-8, each undecodable byte as `\xNN` (Python's backslashreplace). */
function bytesText(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    let ok = n > 0 && i + n <= b.length;
    for (let k = 1; ok && k < n; k++) ok = (b[i + k] & 0xc0) === 0x80;
    if (ok && n > 1) {
      try {
        out += decodeUtf8(b.subarray(i, i + n));
        i += n;
        continue;
      } catch {
        ok = false;
      }
    }
    if (ok) out += String.fromCharCode(c);
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
    i += 1;
  }
  return out;
}

/** The snapshot of one Python value. */
export function snapshotValue(v: PyValue, depth = 0): ValueSnapshot {
  if (v === null || v === undefined) return { kind: 'none' };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'bigint') return { kind: 'int', value: intValue(v) };
  if (typeof v === 'number') return { kind: 'float', value: encodeNumber(v) };
  if (typeof v === 'string') return { kind: 'str', value: v };
  if (v instanceof PyUnknown) return { kind: 'unknown', type: v.origin };
  if (v instanceof PyList || v instanceof PyTuple || v instanceof PySet) {
    const kind = v instanceof PyTuple ? 'tuple' : v instanceof PySet ? 'set' : 'list';
    const s: ValueSnapshot = { kind };
    let items = v instanceof PySet ? [...v.map.values()] : [...v.items];
    if (depth >= MAX_DEPTH || items.length > MAX_ITEMS) return s;
    if (v instanceof PySet) {
      const keyed = items.map((x) => [pyRepr(x), x] as const);
      keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      items = keyed.map(([, x]) => x);
    }
    s.value = items.map((x) => snapshotValue(x, depth + 1));
    return s;
  }
  if (v instanceof PyDict) {
    const s: ValueSnapshot = { kind: 'dict' };
    if (depth >= MAX_DEPTH || v.map.size > MAX_ITEMS) return s;
    const entries = [...v.map.values()];
    s.keys = entries.map((e) => (typeof e.key === 'string' ? e.key : pyRepr(e.key)));
    s.value = entries.map((e) => snapshotValue(e.value, depth + 1));
    return s;
  }
  if (v instanceof PyFunction || v instanceof PyNativeFunction) return { kind: 'function' };
  if (v instanceof PyClass) return { kind: 'class', name: v.name };
  if (v instanceof PyModule) return { kind: 'module', name: v.name };
  if (v instanceof PyInstance) {
    const p = v.payload;
    if (p instanceof Variable) return arraySnapshot('variable', p.value.dtype, p.value);
    if (p instanceof Tensor) return arraySnapshot('tensor', p.dtype, p);
    if (p instanceof IndexedSlices) return arraySnapshot('indexed_slices', p.values.dtype, densifySlices(p));
    if (p instanceof NdArray) {
      // A string tensor's `.numpy()` is an object array of bytes; NumPy's own string arrays hold str.
      const d = p.t.dtype === 'string' ? (p.fromTensor ? 'object' : 'str') : p.t.dtype;
      return arraySnapshot('ndarray', d, p.t);
    }
    if (p instanceof GradientTape) return { kind: 'other', type: 'GradientTape' };
    if (isBytes(v as PyValue)) return { kind: 'bytes', value: bytesText(bytesData(v)) };
    if (isComplex(v as PyValue)) {
      const c = p as Complex;
      return { kind: 'complex', value: [encodeNumber(c.re), encodeNumber(c.im)] };
    }
    const s: ValueSnapshot = { kind: 'other', type: v.cls.name };
    if (v.cls.module === '__main__' && v.dict && depth < MAX_DEPTH) {
      const attrs: Record<string, ValueSnapshot> = {};
      for (const [k, x] of v.dict) {
        if (k.startsWith('_')) continue;
        const a = snapshotValue(x, depth + 1);
        if (a.kind !== 'function' && a.kind !== 'class' && a.kind !== 'module') attrs[k] = a;
      }
      s.attrs = attrs;
    }
    return s;
  }
  if (v instanceof PyObject) return { kind: 'other', type: v.cls.name };
  return { kind: 'other' };
}

/**
 * Records the globals after each cell: every name whose snapshot differs from the one recorded before (new names
 * included), so a reader finds a name's value after cell k in the newest record at or before k.
 */
export class CellSnapshots {
  readonly cells: CellSnapshot[] = [];
  private readonly last = new Map<string, { of: unknown; json: string }>();
  private stdout = '';

  /** Text the running cell printed (`print`, `tf.print`), in order. */
  print(text: string): void {
    this.stdout += text;
  }

  record(cell: number, globals: ReadonlyMap<string, PyValue>, error?: { type: string; message: string }): void {
    const values: Record<string, ValueSnapshot> = {};
    for (const [name, v] of globals) {
      if (name.startsWith('_')) continue;
      // Tensors are immutable and a variable's value is replaced on assignment: the same object means the same
      // snapshot. Containers and objects are snapshotted again.
      const of = identity(v);
      const prev = this.last.get(name);
      if (prev && of !== undefined && prev.of === of) continue;
      const s = snapshotValue(v);
      const json = JSON.stringify(s);
      if (prev?.json !== json) values[name] = s;
      this.last.set(name, { of, json });
    }
    this.cells.push({ cell, stdout: this.stdout, ...(error ? { error } : {}), values });
    this.stdout = '';
  }
}

function identity(v: PyValue): unknown {
  if (!(v instanceof PyInstance)) return typeof v === 'object' ? undefined : v;
  const p = v.payload;
  if (p instanceof Variable) return p.value;
  if (p instanceof Tensor || p instanceof IndexedSlices) return p;
  return undefined;
}
