/**
 * TensorFlow dtypes the engine supports, and their storage. int64 is stored in a Float64Array (exact to 2^53);
 * float16 in a Float32Array and int8/int16/uint8/uint16 in an Int32Array, every op's result rounded or wrapped to
 * the dtype by `narrowInPlace` (TF's CPU kernels compute half in float32 and round each result).
 */
export type DType =
  | 'float16'
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'bool'
  | 'string';

export type NumericData = Float32Array | Float64Array | Int32Array | Uint8Array;
export type Data = NumericData | string[];

export const DTYPES: readonly DType[] = [
  'float32',
  'float64',
  'int32',
  'int64',
  'bool',
  'string',
  'float16',
  'int8',
  'int16',
  'uint8',
  'uint16',
];

export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64' || d === 'float16';
}
export function isInt(d: DType): boolean {
  return d === 'int32' || d === 'int64' || d === 'int8' || d === 'int16' || d === 'uint8' || d === 'uint16';
}
export function isUnsigned(d: DType): boolean {
  return d === 'uint8' || d === 'uint16';
}
/** Dtypes stored in a wider array (see `DType`): an op's result is rounded or wrapped to them in place. */
export function isNarrow(d: DType): boolean {
  return NARROW.has(d);
}
const NARROW: ReadonlySet<DType> = new Set(['float16', 'int8', 'int16', 'uint8', 'uint16']);
/** Bytes per element as TF stores the dtype (`nbytes`, Keras's parameter sizes). */
export function itemSize(d: DType): number {
  switch (d) {
    case 'float64':
    case 'int64':
      return 8;
    case 'float32':
    case 'int32':
      return 4;
    case 'float16':
    case 'int16':
    case 'uint16':
      return 2;
    default:
      return 1;
  }
}
export function isNumeric(d: DType): boolean {
  return d !== 'string';
}
/** `IsTrainable` in TF: only floating dtypes are differentiated. */
export const isDifferentiable = isFloat;

/**
 * Small tensors get a view of a shared slab instead of their own ArrayBuffer. Scalars are the bulk of eager tensors
 * (loops over Python floats), and an array above V8's on-heap limit (64 bytes) costs a backing-store allocation of
 * ≈ 0.8 µs, ten times a view (a Hessian's hundred backward passes make thousands of 100-element tensors). Views
 * never overlap and a slab is never reused, so a new view reads zeros; a slab lives as long as any of its views
 * (at most SLAB_BYTES kept by one small tensor), and nothing in the engine uses `.buffer`.
 */
const SLAB_BYTES = 16384;
/** Largest array (in bytes) taken from a slab. */
const SLAB_MAX = 1024;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;
function view<T>(make: new (b: ArrayBuffer, offset: number, n: number) => T, n: number, size: 4 | 8): T {
  const bytes = n * size;
  let off = (slabUsed + size - 1) & -size;
  if (off + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    off = 0;
  }
  slabUsed = off + bytes;
  return new make(slab, off, n);
}

export function allocate(dtype: DType, n: number): Data {
  switch (dtype) {
    case 'float32':
    case 'float16':
      return n * 4 <= SLAB_MAX ? view(Float32Array, n, 4) : new Float32Array(n);
    case 'float64':
    case 'int64':
      return n * 8 <= SLAB_MAX ? view(Float64Array, n, 8) : new Float64Array(n);
    case 'int32':
    case 'int8':
    case 'int16':
    case 'uint8':
    case 'uint16':
      return n * 4 <= SLAB_MAX ? view(Int32Array, n, 4) : new Int32Array(n);
    case 'bool':
      return new Uint8Array(n);
    case 'string':
      return new Array<string>(n).fill('');
  }
}

/** The type name TF's kernels use in error texts (`float`, `double`, `int32` ...). */
export function kernelTypeName(d: DType): string {
  return d === 'float32' ? 'float' : d === 'float64' ? 'double' : d === 'float16' ? 'half' : d;
}

/** The enum name in TF's node texts (`DT_FLOAT`, `DT_HALF`, `DT_UINT8` ...). */
export function tfEnumName(d: DType): string {
  return `DT_${kernelTypeName(d).toUpperCase()}`;
}

/** Wrap an integer (already truncated, exact) to a narrow integer dtype, two's complement as C++ does. */
function wrapInt(v: number, d: DType): number {
  switch (d) {
    case 'uint8':
      return v & 0xff;
    case 'int8':
      return (v << 24) >> 24;
    case 'uint16':
      return v & 0xffff;
    case 'int16':
      return (v << 16) >> 16;
    default:
      return v;
  }
}

/** An exact integer (|v| < 2^53) wrapped to an integer dtype narrower than 32 bits, as C++'s integer arithmetic wraps. */
export function wrapExactInt(v: number, d: DType): number {
  return wrapInt(Number(BigInt.asIntN(32, BigInt(v))), d);
}

/** Round or wrap the values of a freshly computed result to its narrow dtype (see `isNarrow`). */
export function narrowInPlace(d: DType, data: Data): void {
  if (d === 'float16') {
    const a = data as Float32Array;
    for (let i = 0; i < a.length; i++) a[i] = f16round(a[i]);
  } else if (isNarrow(d)) {
    const a = data as Int32Array;
    for (let i = 0; i < a.length; i++) a[i] = wrapInt(a[i], d);
  }
}

/** Store a JS number the way the dtype would (float32 rounding, int32 wrap, bool as 0/1). */
export function castScalar(v: number, d: DType): number {
  switch (d) {
    case 'float32':
      return Math.fround(v);
    case 'float16':
      return f16round(Math.fround(v)); // through float32, as TF's half kernels compute
    case 'int32':
      return Number.isFinite(v) ? Math.trunc(v) | 0 : Number.isNaN(v) ? 0 : v > 0 ? 2147483647 : -2147483648;
    case 'int8':
    case 'int16':
    case 'uint8':
    case 'uint16':
      // TF's CPU cast truncates to a 32-bit int and keeps the low bits; NaN, ±inf and values outside the int32
      // range become INT32_MIN (x86's conversion), whose low bits are 0.
      return Math.abs(v) < 2147483648 ? wrapInt(Math.trunc(v) | 0, d) : 0;
    case 'int64':
      return Number.isFinite(v) ? Math.trunc(v) : 0;
    case 'bool':
      return v !== 0 ? 1 : 0;
    default:
      return v;
  }
}

/**
 * `x` rounded to the nearest IEEE half (binary16) value, ties to even, with subnormals and overflow to ±Infinity:
 * `Math.f16round`, which Node 20 lacks.
 */
export function f16round(x: number): number {
  const a = Math.abs(x);
  if (!(a < 65520)) return Number.isNaN(x) ? x : x > 0 ? Infinity : -Infinity; // 65520: halfway past 65504
  if (a === 0) return x;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const quantum = 2 ** (Math.max(e, -14) - 10); // subnormals below 2^-14 share the quantum 2^-24
  const y = a / quantum; // exact: a division by a power of two
  let r = Math.floor(y);
  const rest = y - r;
  if (rest > 0.5 || (rest === 0.5 && r % 2 === 1)) r++;
  const v = r * quantum;
  return x < 0 ? -v : v;
}
