/** Python values → engine arguments (tensors, axes, shapes, dtypes), with TF's TypeErrors. */
import { readVariable } from '../autodiff/variables';
import { EngineError } from '../errors';
import { densify } from '../ops/gather';
import { packNested } from '../ops/pack';
import { bytesData, isBytes } from '../python/bytes';
import { pyError, TypeError, ValueError } from '../python/exceptions';
import { pyRepr } from '../python/format';
import { runtime } from '../python/runtime';
import { PyInstance, PyList, PyNativeFunction, PyTuple, PyUnknown, type PyValue, typeName } from '../python/values';
import { session } from '../session';
import { castTensorData, constant, type Nested } from '../tensor/convert';
import { type DType, kernelTypeName } from '../tensor/dtype';
import { IndexedSlices } from '../tensor/indexedSlices';
import { bytesElement } from '../tensor/stringBytes';
import { Tensor, Variable } from '../tensor/tensor';
import { DTypeBox, NdArray, ShapeBox } from './boxes';

const DTYPE_NAMES: Record<string, DType> = {
  float16: 'float16',
  half: 'float16',
  float32: 'float32',
  float64: 'float64',
  double: 'float64',
  float: 'float32',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  uint8: 'uint8',
  uint16: 'uint16',
  bool: 'bool',
  string: 'string',
};

/** TensorFlow dtypes the engine does not store: a value of one is unknown, never silently another dtype. */
const UNSUPPORTED_DTYPES = new Set([
  'bfloat16',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'qint8',
  'quint8',
  'qint32',
]);

/** A `dtype=` argument: `tf.float32`, `np.float64`, `'float32'`, Python `float`/`int`/`bool`; null for None. */
export function dtypeArg(v: PyValue): DType | undefined {
  if (v === null || v === undefined) return undefined;
  const p = v instanceof PyInstance ? v.payload : undefined;
  if (p instanceof DTypeBox) return p.dtype;
  const name =
    typeof v === 'string' ? v : v instanceof PyNativeFunction ? v.name : ((v as { name?: string }).name ?? '');
  if (name === 'float') return 'float64'; // Python float as a NumPy dtype
  if (name === 'int') return 'int64';
  const d = DTYPE_NAMES[name];
  if (d) return d;
  if (UNSUPPORTED_DTYPES.has(name)) throw runtime().unsupported(`dtype ${name}`);
  throw pyError(TypeError, `Cannot convert ${typeof v === 'string' ? `'${v}'` : name || typeName(v)} to a dtype.`);
}

/** A nested Python value as the engine's `Nested` (lists/tuples → arrays, tensors stay tensors). */
export function toNested(v: PyValue, forNumpy = false): Nested {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (isBytes(v)) return bytesElement(bytesData(v));
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map((x) => toNested(x, forNumpy));
  if (v instanceof PyInstance) {
    const p = v.payload;
    if (p instanceof Tensor) return p;
    if (p instanceof Variable) return readVariable(p);
    if (p instanceof NdArray) return forNumpy ? p.t : fromNdArray(p);
    if (p instanceof ShapeBox) return p.dims.map((d) => BigInt(d ?? -1));
    if (p instanceof IndexedSlices) return densify(p);
  }
  throw notConvertible(v);
}

function notConvertible(v: PyValue): Error {
  // An unknown value inside a list (`tf.stack([a, u])`) makes the op's result unknown, not an error.
  if (v instanceof PyUnknown) throw v;
  if (v === null)
    return pyError(
      ValueError,
      "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor.",
    );
  return pyError(
    ValueError,
    `Attempt to convert a value (${typeName(v)}) with an unsupported type (<class '${typeName(v)}'>) to a Tensor.`,
  );
}

/**
 * A NumPy array entering TensorFlow: always a new tensor (even for `tf.constant(x.numpy())`, whose array shares the
 * tensor's data), so no tape connects it to the tensor it came from; the report learns when that tensor was one.
 */
export function fromNdArray(p: NdArray, dtype?: DType): Tensor {
  const t = dtype ? castTensorData(p.t, dtype) : p.t;
  const fresh = new Tensor(t.dtype, t.shape, t.data);
  if (p.fromTensor && session.span) session.sink?.fromNumpy(fresh, session.span);
  return fresh;
}

/** `tf.convert_to_tensor(v, dtype)`: variables are read (and so auto-watched), NumPy arrays keep their dtype. */
export function toTensor(v: PyValue, dtype?: DType): Tensor {
  if (v instanceof PyInstance) {
    const p = v.payload;
    if (p instanceof Tensor) return dtype && p.dtype !== dtype ? dtypeMismatch(p, dtype) : p;
    if (p instanceof Variable) {
      const t = readVariable(p);
      return dtype && t.dtype !== dtype ? dtypeMismatch(t, dtype) : t;
    }
    if (p instanceof NdArray) return fromNdArray(p, dtype);
    if (p instanceof IndexedSlices) return densify(p);
  }
  const t = dtype === undefined && (v instanceof PyList || v instanceof PyTuple) ? listTensor(v) : undefined;
  if (t) return fromPython(v, t);
  const nested = toNested(v);
  try {
    return fromPython(v, packNested(nested, dtype));
  } catch (e) {
    throw dtype === undefined || !(e instanceof EngineError) ? e : conversionError(e, v, dtype);
  }
}

/**
 * TF names the whole Python value and the dtype's C++ name when a requested dtype cannot hold it (`Cannot convert
 * [1.5, 2] to EagerTensor of dtype int32`, `Cannot convert b'a' to EagerTensor of dtype float`).
 */
function conversionError(e: EngineError, v: PyValue, dtype: DType): EngineError {
  if (e.pyType !== 'TypeError' || !e.message.startsWith('Cannot convert ') || holdsTensor(v)) return e;
  return new EngineError('TypeError', `Cannot convert ${pyRepr(v)} to EagerTensor of dtype ${kernelTypeName(dtype)}`);
}

function holdsTensor(v: PyValue): boolean {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.some(holdsTensor);
  return v instanceof PyInstance && !isBytes(v);
}

/** Tells the report which Python list or tuple tensor `t` was made of (an explanation calls `t` by the list's name). */
function fromPython(v: PyValue, t: Tensor): Tensor {
  if ((v instanceof PyList || v instanceof PyTuple) && session.sink?.fromList) session.sink.fromList(t, v);
  return t;
}

function listTensor(v: PyList | PyTuple): Tensor | undefined {
  const d = listDType(v);
  return d === undefined ? undefined : constant(toNested(v), d);
}

type LeafKind = 'bool' | 'int' | 'float' | 'float32' | 'float64' | 'string';

/**
 * TF's dtype for a Python list or tuple holding no tensors (NumPy scalars and arrays count by their elements): the
 * first leaf, depth first, decides — a Python float or a NumPy float32 → float32, a NumPy float64 → float64, an int
 * of any kind → int32 (int64 when one does not fit), or float32 if any float follows; bools and strings do not mix.
 * Undefined for an empty list or one holding tensors (those are packed).
 */
function listDType(v: PyList | PyTuple): DType | undefined {
  let first: LeafKind | undefined;
  let anyFloat = false;
  let anyString = false;
  let anyNonBool = false;
  let anyNonString = false;
  let wide = false;
  const leaf = (k: LeafKind, x = 0) => {
    first ??= k;
    if (k === 'float' || k === 'float32' || k === 'float64') anyFloat = true;
    if (k === 'string') anyString = true;
    if (k !== 'bool') anyNonBool = true;
    if (k !== 'string') anyNonString = true;
    if (k === 'int' && (x > 2147483647 || x < -2147483648)) wide = true;
  };
  const visit = (x: PyValue): boolean => {
    if (x instanceof PyList || x instanceof PyTuple) return x.items.every(visit);
    if (typeof x === 'boolean') leaf('bool');
    else if (typeof x === 'bigint') leaf('int', Number(x));
    else if (typeof x === 'number') leaf('float');
    else if (typeof x === 'string' || isBytes(x)) leaf('string');
    else if (x instanceof PyInstance && x.payload instanceof NdArray) {
      const t = x.payload.t;
      const kind: LeafKind =
        t.dtype === 'float64'
          ? 'float64'
          : t.dtype === 'float32'
            ? 'float32'
            : t.dtype === 'bool'
              ? 'bool'
              : t.dtype === 'string'
                ? 'string'
                : 'int';
      for (let i = 0; i < t.size; i++) leaf(kind, kind === 'int' ? t.num(i) : 0);
    } else return false;
    return true;
  };
  if (!visit(v) || first === undefined) return undefined;
  const mixed = () => pyError(ValueError, "Can't convert Python sequence with mixed types to Tensor.");
  if (first === 'bool') {
    if (anyNonBool) throw mixed();
    return 'bool';
  }
  if (first === 'string') {
    if (anyNonString) throw mixed();
    return 'string';
  }
  if (anyString) throw mixed();
  if (first === 'float64') return 'float64';
  if (first === 'int') return anyFloat ? 'float32' : wide ? 'int64' : 'int32';
  return 'float32';
}

function dtypeMismatch(t: Tensor, dtype: DType): never {
  throw new EngineError(
    'ValueError',
    `Tensor conversion requested dtype ${dtype} for Tensor with dtype ${t.dtype}: ${'<tf.Tensor>'}`,
  );
}

/** True for values that are already tensors (or variables) rather than Python data. */
export function isTensorish(v: PyValue): boolean {
  if (!(v instanceof PyInstance)) return false;
  const p = v.payload;
  return p instanceof Tensor || p instanceof Variable;
}

/** An operand of a binary op with a tensor: Python data and NumPy arrays take the tensor's dtype. */
export function operandLike(v: PyValue, like: DType): Tensor {
  if (isTensorish(v)) return toTensor(v);
  if (v instanceof PyInstance && v.payload instanceof NdArray) return fromNdArray(v.payload, like);
  return fromPython(v, packNested(toNested(v), like));
}

/** An `axis=` argument: None, an int, or a list/tuple of ints (or an int tensor). */
export function axisArg(v: PyValue): number | number[] | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return Number(v);
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map((x) => intArg(x, 'axis'));
  const t = toTensor(v);
  if (t.dtype !== 'int32' && t.dtype !== 'int64') {
    throw pyError(TypeError, `axis must be an integer or a list of integers, not ${typeName(v)}`);
  }
  return t.rank === 0 ? t.num(0) : Array.from(t.data as ArrayLike<number>);
}

/** A Python int (or int tensor / numpy int) as a JS number. */
export function intArg(v: PyValue, what = 'argument'): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return Number(v);
  if (v instanceof PyInstance) {
    const t = toTensor(v);
    if (t.rank === 0 && (t.dtype === 'int32' || t.dtype === 'int64')) return t.num(0);
  }
  throw pyError(TypeError, `${what} must be an integer, not ${typeName(v)}`);
}

/** A shape argument: a list/tuple of ints, a TensorShape, an int, or a 1-D int tensor. */
export function shapeArg(v: PyValue): number[] {
  if (typeof v === 'bigint') return [Number(v)];
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map((x) => intArg(x, 'shape'));
  if (v instanceof PyInstance && v.payload instanceof ShapeBox) return v.payload.dims.map((d) => d ?? -1);
  const t = toTensor(v);
  if (t.dtype !== 'int32' && t.dtype !== 'int64') {
    throw pyError(TypeError, `shape must be an integer or a list of integers, not ${typeName(v)}`);
  }
  return t.rank === 0 ? [t.num(0)] : Array.from(t.data as ArrayLike<number>);
}

export function boolArg(v: PyValue): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  return toTensor(v).num(0) !== 0;
}

export function numberArg(v: PyValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return Number(v);
  return toTensor(v).num(0);
}
