import { EngineError } from '../errors';
import { allocate, castScalar, type DType, isFloat, isInt, isNarrow, type NumericData, narrowInPlace } from './dtype';
import { SCALAR_SHAPE } from './shape';
import { Tensor } from './tensor';

/**
 * A value `tf.convert_to_tensor` accepts, as the engine's TypeScript API sees it: JS `number` is a Python float,
 * `bigint` a Python int, plus booleans, strings, tensors and nested arrays of them.
 */
export type Scalar = number | bigint | boolean | string;
export type Nested = Scalar | Tensor | readonly Nested[];

/** TF's inference: Python int → int32 (int64 when it does not fit), float → float32, bool, str; a mixed list → float32. */
export function inferDType(v: Nested): DType {
  let sawFloat = false;
  let sawInt = false;
  let bigInt = false;
  let sawBool = false;
  let sawStr = false;
  let tensorDType: DType | undefined;
  const visit = (x: Nested): void => {
    if (Array.isArray(x)) for (const e of x) visit(e);
    else if (typeof x === 'number') sawFloat = true;
    else if (typeof x === 'bigint') {
      sawInt = true;
      if (x > 2147483647n || x < -2147483648n) bigInt = true;
    } else if (typeof x === 'boolean') sawBool = true;
    else if (typeof x === 'string') sawStr = true;
    else if (x instanceof Tensor) tensorDType ??= x.dtype;
  };
  visit(v);
  if (tensorDType) return tensorDType;
  if (sawStr) return 'string';
  if (sawFloat) return 'float32';
  if (sawInt) return bigInt ? 'int64' : 'int32';
  if (sawBool) return 'bool';
  return 'float32';
}

function describe(x: Scalar): string {
  if (typeof x === 'number') return Number.isInteger(x) ? `${x}.0` : String(x);
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (typeof x === 'string') return `'${x}'`;
  return String(x);
}

/** Convert one scalar to a dtype with TF's checks (`Cannot convert 2.2 to EagerTensor of dtype int32`). */
export function scalarTo(x: Scalar, dtype: DType): number | string {
  if (dtype === 'string') {
    if (typeof x !== 'string')
      throw new EngineError('TypeError', `Cannot convert ${describe(x)} to EagerTensor of dtype string`);
    return x;
  }
  if (typeof x === 'string') {
    throw new EngineError('TypeError', `Cannot convert ${describe(x)} to EagerTensor of dtype ${dtype}`);
  }
  if (typeof x === 'number') {
    if (!isFloat(dtype) && !Number.isInteger(x)) {
      throw new EngineError('TypeError', `Cannot convert ${describe(x)} to EagerTensor of dtype ${dtype}`);
    }
    if (dtype === 'bool')
      throw new EngineError('TypeError', `Cannot convert ${describe(x)} to EagerTensor of dtype bool`);
    return castScalar(x, dtype);
  }
  if (typeof x === 'bigint') {
    if (dtype === 'bool') throw new EngineError('TypeError', `Cannot convert ${x} to EagerTensor of dtype bool`);
    if (dtype === 'int32' && (x > 2147483647n || x < -2147483648n)) {
      throw new EngineError('ValueError', `Can't convert Python int ${x} to an int32 tensor: out of range`);
    }
    return castScalar(Number(x), dtype);
  }
  return x ? 1 : 0;
}

/** Shape of a nested list; raises TF's error for ragged input. */
function shapeOf(v: Nested): number[] {
  if (v instanceof Tensor) return [...v.shape];
  if (!Array.isArray(v)) return [];
  if (v.length === 0) return [0];
  const inner = shapeOf(v[0]);
  for (let i = 1; i < v.length; i++) {
    const s = shapeOf(v[i]);
    if (s.length !== inner.length || s.some((d, k) => d !== inner[k])) {
      throw new EngineError('ValueError', `Can't convert non-rectangular Python sequence to Tensor.`);
    }
  }
  return [v.length, ...inner];
}

/** `tf.constant(value, dtype)` for nested JS values (tensors inside lists are packed, as `tf.stack` would). */
export function constant(value: Nested, dtype?: DType): Tensor {
  // Fast path: a JS number as a float scalar (`x * 2`, `y + 0.001`), the most common conversion by far.
  if (typeof value === 'number' && (dtype === undefined || dtype === 'float32' || dtype === 'float64')) {
    const data = allocate(dtype ?? 'float32', 1) as NumericData;
    data[0] = value;
    return new Tensor(dtype ?? 'float32', SCALAR_SHAPE, data);
  }
  if (value instanceof Tensor) {
    if (!dtype || dtype === value.dtype) return value;
    return castTensorData(value, dtype);
  }
  const dt = dtype ?? inferDType(value);
  const shape = shapeOf(value);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = allocate(dt, n);
  let k = 0;
  const fill = (x: Nested): void => {
    if (Array.isArray(x)) for (const e of x) fill(e);
    else if (x instanceof Tensor) {
      const src = castTensorData(x, dt).data;
      for (let i = 0; i < src.length; i++) (out as unknown[])[k++] = src[i];
    } else (out as unknown[])[k++] = scalarTo(x as Scalar, dt);
  };
  fill(value);
  return new Tensor(dt, shape, out);
}

/** Reinterpret a tensor's data in another dtype, the way `tf.cast` does (truncation toward zero for ints). */
export function castTensorData(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  if (x.dtype === 'string' || dtype === 'string') {
    throw new EngineError('InvalidArgumentError', `Cast string to ${dtype} is not supported [Op:Cast]`, 'Cast');
  }
  const src = x.data as NumericData;
  const out = allocate(dtype, src.length) as NumericData;
  // To a float dtype the typed-array conversion is castScalar's (float32 rounding, float64 as is), done natively.
  if (dtype === 'float32' || dtype === 'float64') out.set(src);
  else if (dtype === 'float16') {
    // Through float32, as Eigen's half conversion does.
    out.set(src);
    narrowInPlace(dtype, out);
  } else if (isNarrow(dtype) && isInt(x.dtype)) {
    // Integer to a narrower integer: the low bits (int64 data are exact doubles).
    for (let i = 0; i < src.length; i++) out[i] = Number(BigInt.asIntN(32, BigInt(src[i])));
    narrowInPlace(dtype, out);
  } else for (let i = 0; i < src.length; i++) out[i] = castScalar(src[i], dtype);
  return new Tensor(dtype, x.shape, out);
}
