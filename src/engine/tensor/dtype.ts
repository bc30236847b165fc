/** TensorFlow dtypes the engine supports, and their storage. int64 is stored in a Float64Array (exact to 2^53). */
export type DType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool' | 'string';

export type NumericData = Float32Array | Float64Array | Int32Array | Uint8Array;
export type Data = NumericData | string[];

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'int64', 'bool', 'string'];

export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}
export function isInt(d: DType): boolean {
  return d === 'int32' || d === 'int64';
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
      return n * 4 <= SLAB_MAX ? view(Float32Array, n, 4) : new Float32Array(n);
    case 'float64':
    case 'int64':
      return n * 8 <= SLAB_MAX ? view(Float64Array, n, 8) : new Float64Array(n);
    case 'int32':
      return n * 4 <= SLAB_MAX ? view(Int32Array, n, 4) : new Int32Array(n);
    case 'bool':
      return new Uint8Array(n);
    case 'string':
      return new Array<string>(n).fill('');
  }
}

/** The type name TF's kernels use in error texts (`float`, `double`, `int32` ...). */
export function kernelTypeName(d: DType): string {
  return d === 'float32' ? 'float' : d === 'float64' ? 'double' : d;
}

/** Store a JS number the way the dtype would (float32 rounding, int32 wrap, bool as 0/1). */
export function castScalar(v: number, d: DType): number {
  switch (d) {
    case 'float32':
      return Math.fround(v);
    case 'int32':
      return Number.isFinite(v) ? Math.trunc(v) | 0 : Number.isNaN(v) ? 0 : v > 0 ? 2147483647 : -2147483648;
    case 'int64':
      return Number.isFinite(v) ? Math.trunc(v) : 0;
    case 'bool':
      return v !== 0 ? 1 : 0;
    default:
      return v;
  }
}
