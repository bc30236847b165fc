import { EngineError, NotSupported, opError } from '../errors';
import { allocate, castScalar, type DType, isFloat, isInt, isNarrow, type NumericData } from '../tensor/dtype';
import { type Shape, sizeOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { broadcastTo, concat, ones, reshape, sliceAxis } from './array';
import { type TensorLike, toTensor } from './convert';
import { unsupported } from './define';
import { MatrixDiagV3 } from './linalg';
import { add, cast, divide, mul, sub } from './math';
import { checkNarrow } from './narrowDTypes';
import { apply, defineOp } from './registry';
import { expandDims } from './shape';

/** A number as TF's C++ `StrCat` prints it in error texts (6 significant digits, like `%g`). */
function cNum(v: number, dtype: DType): string {
  return isFloat(dtype) ? String(Number(v.toPrecision(6))) : String(v);
}

// ---- Range ---------------------------------------------------------------------------------------------------

interface RangeAttrs {
  start: number;
  limit: number;
  delta: number;
}

/** TF `Range`: the values accumulate `val += delta` in the output dtype, exactly as the kernel does. */
export const Range = defineOp<RangeAttrs & { dtype: DType }>({
  name: 'Range',
  display: { api: 'tf.range' },
  infer: (_i, { start, limit, delta, dtype }) => {
    if (delta === 0) throw opError('Range', `Requires delta != 0: ${cNum(delta, dtype)}`);
    if (delta > 0 && start > limit) {
      throw opError('Range', `Requires start <= limit when delta > 0: ${cNum(start, dtype)}/${cNum(limit, dtype)}`);
    }
    if (delta < 0 && start < limit) {
      throw opError('Range', `Requires start >= limit when delta < 0: ${cNum(start, dtype)}/${cNum(limit, dtype)}`);
    }
    let size: number;
    if (isInt(dtype)) size = Math.trunc((Math.abs(limit - start) + Math.abs(delta) - 1) / Math.abs(delta));
    else size = Math.ceil(Math.abs(castScalar(castScalar(limit - start, dtype) / delta, dtype)));
    return { shape: [size], dtype };
  },
  kernel: (_i, { start, delta }, [size], dtype) => {
    const out = allocate(dtype, size) as NumericData;
    // Accumulated in the dtype (`val += delta`), as TF's kernel does; the common dtypes without a cast per element.
    let val = start;
    if (dtype === 'int32')
      for (let i = 0; i < size; i++) {
        out[i] = val;
        val = (val + delta) | 0;
      }
    else if (dtype === 'float32')
      for (let i = 0; i < size; i++) {
        out[i] = val;
        val = Math.fround(val + delta);
      }
    else
      for (let i = 0; i < size; i++) {
        out[i] = val;
        val = castScalar(val + delta, dtype);
      }
    return out;
  },
  vjp: 'none',
});

const RANGE_ORDER: readonly DType[] = ['int32', 'int64', 'float32', 'float64'];

function rangeArg(v: TensorLike, dtype: DType | undefined, what: string): Tensor {
  const t = v instanceof Tensor ? v : toTensor(v, dtype);
  if (t.rank !== 0 && !(t.rank === 1 && t.shape[0] === 1)) {
    throw opError('Range', `${what} must be a scalar, not shape [${t.shape.join(',')}]`);
  }
  if (isNarrow(t.dtype)) {
    checkNarrow('Range', 'tf.range', t.dtype, true);
    throw new NotSupported(`tf.range on ${t.dtype}`);
  }
  if (!RANGE_ORDER.includes(t.dtype)) throw unsupported('Range', t.dtype);
  return t;
}

/**
 * `tf.range(start, limit=None, delta=1, dtype=None)`: with one argument it is the limit. Without `dtype` the
 * widest of the arguments' dtypes wins (int32 < int64 < float32 < float64): Python ints (bigint here) give int32,
 * any Python float (JS number) float32.
 */
export function range(start: TensorLike, limit?: TensorLike | null, delta: TensorLike = 1n, dtype?: DType): Tensor {
  if (limit === undefined || limit === null) {
    limit = start;
    start = 0n;
  }
  const args = [rangeArg(start, dtype, 'start'), rangeArg(limit, dtype, 'limit'), rangeArg(delta, dtype, 'delta')];
  const inferred =
    dtype ??
    args.reduce((d, t) => (RANGE_ORDER.indexOf(t.dtype) > RANGE_ORDER.indexOf(d) ? t.dtype : d), 'int32' as DType);
  if (!RANGE_ORDER.includes(inferred)) throw unsupported('Range', inferred);
  const [s, l, d] = args.map((t) => cast(t, inferred).num(0));
  return apply(Range, [], { start: s, limit: l, delta: d, dtype: inferred });
}

// ---- linspace --------------------------------------------------------------------------------------------------

/**
 * `tf.linspace(start, stop, num, axis=0)` as TF 2 composes it (`math_ops.linspace_nd`): `delta = (stop - start) /
 * max(num - 1, 1)`, interior values `start + delta * i` for i = 1 … num-2 (each operation rounded in the dtype, as
 * the `LinSpace` kernel's `start + step * i` is), then `[start, interior, stop]` sliced to `num`. Integer inputs
 * divide to float64. Being a composition, it is differentiable in `start` and `stop`.
 */
export function linspace(start: TensorLike, stop: TensorLike, num: number | bigint, axis = 0): Tensor {
  const st = toTensor(start);
  const sp = toTensor(stop, st.dtype);
  const n = Number(num);
  const shape = broadcastShapeOf(st.shape, sp.shape);
  const es = expandDims(broadcastTo(st, shape), axis);
  const ee = expandDims(broadcastTo(sp, shape), axis);
  const a = axis < 0 ? axis + es.rank : axis;
  const steps = Math.max(n - 1, 1);
  const delta = divide(sub(ee, es), cast(constantScalar(steps), ee.dtype));
  const s0 = cast(es, delta.dtype);
  const s1 = cast(ee, delta.dtype);
  const fill = Math.max(n - 2, 0);
  const r = cast(range(1n, BigInt(n >= 0 ? steps : -1), 1n, 'int64'), delta.dtype);
  const rShape = es.shape.map((_, i) => (i === a ? fill : 1));
  const res = add(s0, mul(delta, reshape(r, rShape)));
  return sliceAxis(concat([s0, res, s1], a), a, 0, n);
}

function constantScalar(v: number): Tensor {
  return toTensor(BigInt(v), 'int32');
}

function broadcastShapeOf(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw opError('BroadcastArgs', `Incompatible shapes: [${a.join(',')}] vs. [${b.join(',')}]`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

// ---- eye -------------------------------------------------------------------------------------------------------

/** `tf.eye(num_rows, num_columns=None, batch_shape=None, dtype=tf.float32)`: ones placed on a zero matrix's diagonal. */
export function eye(
  numRows: number,
  numColumns?: number | null,
  batchShape: readonly number[] = [],
  dtype: DType = 'float32',
): Tensor {
  const cols = numColumns ?? numRows;
  if (numRows < 0 || cols < 0) {
    throw new EngineError('ValueError', `num_rows and num_columns must be non-negative, got ${numRows}, ${cols}`);
  }
  const d = ones([...batchShape, Math.min(numRows, cols)], dtype);
  return apply(MatrixDiagV3, [d], { rows: numRows, cols });
}

// ---- OneHot ----------------------------------------------------------------------------------------------------

interface OneHotAttrs {
  depth: number;
  axis: number;
  on: number;
  off: number;
  dtype: DType;
}

/** TF `OneHot` (NotDifferentiable). Indices outside `[0, depth)` give an all-`off` row. */
export const OneHot = defineOp<OneHotAttrs>({
  name: 'OneHot',
  display: { api: 'tf.one_hot' },
  infer: ([idx], { depth, axis, dtype }) => {
    if (!isInt(idx.dtype) && idx.dtype !== 'bool') throw unsupported('OneHot', idx.dtype);
    if (axis < -1 || axis > idx.rank) {
      throw opError('OneHot', `Expected axis to be -1 or between [0, ${idx.rank + 1}).  But received: ${axis}`);
    }
    if (depth < 0) throw opError('OneHot', `depth must be non-negative, got: ${depth}`);
    const a = axis === -1 ? idx.rank : axis;
    return { shape: [...idx.shape.slice(0, a), depth, ...idx.shape.slice(a)], dtype };
  },
  kernel: ([idx], { depth, axis, on, off }, shape, dtype) => {
    const a = axis === -1 ? idx.rank : axis;
    const pre = sizeOf(idx.shape.slice(0, a));
    const suf = sizeOf(idx.shape.slice(a));
    const out = allocate(dtype, sizeOf(shape)) as NumericData;
    if (off !== 0) out.fill(off);
    const ind = idx.data as NumericData;
    for (let p = 0; p < pre; p++) {
      for (let s = 0; s < suf; s++) {
        const v = ind[p * suf + s];
        if (v >= 0 && v < depth) out[(p * depth + v) * suf + s] = on;
      }
    }
    return out;
  },
  vjp: 'none',
});

/**
 * `tf.one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None)`: the dtype comes from `dtype`,
 * else from on/off values given as tensors, else float32 (TF's `one_hot` rules and TypeErrors).
 */
export function oneHot(
  indices: TensorLike,
  depth: number | bigint,
  opts: { onValue?: TensorLike | null; offValue?: TensorLike | null; axis?: number | null; dtype?: DType | null } = {},
): Tensor {
  const { onValue, offValue, axis, dtype } = opts;
  let dt = dtype ?? undefined;
  const on = onValue === undefined || onValue === null ? undefined : toHint(onValue, dt);
  const off = offValue === undefined || offValue === null ? undefined : toHint(offValue, dt);
  if (on || off) {
    if (dt) {
      if (on && on.dtype !== dt)
        throw new EngineError(
          'TypeError',
          `dtype ${pyDType(on.dtype)} of on_value does not match dtype parameter ${pyDType(dt)}`,
        );
      if (off && off.dtype !== dt)
        throw new EngineError(
          'TypeError',
          `dtype ${pyDType(off.dtype)} of off_value does not match dtype parameter ${pyDType(dt)}`,
        );
    } else dt = (on ?? off)!.dtype;
  }
  const out: DType = dt ?? 'float32';
  const onT = on ?? toTensor(1n, out);
  const offT = off ?? toTensor(0n, out);
  if (onT.dtype !== offT.dtype) {
    throw new EngineError(
      'TypeError',
      `dtype ${pyDType(onT.dtype)} of on_value does not match dtype ${pyDType(offT.dtype)} of off_value`,
    );
  }
  return apply(OneHot, [toTensor(indices)], {
    depth: Number(depth),
    axis: axis ?? -1,
    on: onT.num(0),
    off: offT.num(0),
    dtype: out,
  });
}

/** `str(tf.int32)` is `<dtype: 'int32'>`. */
const pyDType = (d: DType): string => `<dtype: '${d}'>`;

function toHint(v: TensorLike, dtype: DType | undefined): Tensor {
  if (!dtype) return toTensor(v);
  try {
    return toTensor(v, dtype);
  } catch {
    return toTensor(v);
  }
}
