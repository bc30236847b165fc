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
 * Scalars are the bulk of eager tensors (loops over Python floats): each gets a one-element view of a shared slab
 * instead of its own ArrayBuffer, which halves its size and the garbage collector's work. Views never overlap, a
 * slab lives as long as any of its views, and nothing in the engine uses `.buffer`.
 */
const SLAB_BYTES = 2048;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;
function scalarView<T>(bytes: 4 | 8, make: (b: ArrayBuffer, offset: number) => T): T {
  let off = (slabUsed + bytes - 1) & -bytes;
  if (off + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    off = 0;
  }
  slabUsed = off + bytes;
  return make(slab, off);
}
const f32View = (b: ArrayBuffer, o: number) => new Float32Array(b, o, 1);
const f64View = (b: ArrayBuffer, o: number) => new Float64Array(b, o, 1);
const i32View = (b: ArrayBuffer, o: number) => new Int32Array(b, o, 1);

export function allocate(dtype: DType, n: number): Data {
  if (n === 1) {
    switch (dtype) {
      case 'float32':
        return scalarView(4, f32View);
      case 'float64':
      case 'int64':
        return scalarView(8, f64View);
      case 'int32':
        return scalarView(4, i32View);
    }
  }
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'float64':
    case 'int64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
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
