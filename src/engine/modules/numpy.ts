/**
 * A NumPy subset: `ndarray` (an engine tensor that no tape sees), NumPy's dtype inference (Python float → float64)
 * and promotion, the creation functions, elementwise math, reductions, `allclose` and `testing.assert_allclose`.
 * Every computation here runs with recording off: values that pass through NumPy leave TensorFlow (GAD).
 */

import { withoutRecording } from '../autodiff/recorder';
import { NotSupported } from '../errors';
import { concat, reshape as tfReshape } from '../ops/array';
import { equal, greater, greaterEqual, less, lessEqual, notEqual, where } from '../ops/compare';
import { eye as tfEye, linspace as tfLinspace, range as tfRange } from '../ops/create';
import { matmul } from '../ops/linalg';
import { add, floordiv, floormod, maximum, minimum, mul, neg, pow, sub, truediv } from '../ops/math';
import { argMax, argMin, reduceAll, reduceAny, reduceMax, reduceMin, reduceProd, reduceSum } from '../ops/reduce';
import { stack, transpose } from '../ops/shape';
import { type SliceItem, stridedSlice } from '../ops/slice';
import { abs, cos, exp, log, round, sign, sin, sqrt, square, tan, tanh } from '../ops/unary';
import { AssertionError, pyError, TypeError, ValueError } from '../python/exceptions';
import { pyStr } from '../python/format';
import { formatValue } from '../python/formatSpec';
import { type Args, type DefOptions, def as defNative, nativeClass, nativeModule } from '../python/native';
import { pyHash, toInt } from '../python/numbers';
import {
  type CallContext,
  NotImplemented,
  PyClass,
  PyInstance,
  PyIterator,
  PyList,
  type PyModule,
  type PyNativeFunction,
  PyTuple,
  type PyValue,
} from '../python/values';
import { castTensorData, constant } from '../tensor/convert';
import { type DType, isNarrow, isUnsigned } from '../tensor/dtype';
import { ndarrayRepr, ndarrayStr, npDTypeRepr, numpyScalarRepr, numpyScalarTypedRepr } from '../tensor/format';
import { Tensor, Variable } from '../tensor/tensor';
import { classes, NdArray, wrapNd, wrapTensor } from './boxes';
import { axisArg, boolArg, dtypeArg, intArg, numberArg, shapeArg, toNested } from './convert';
import { positions, reshapeLayout, sliceLayout, transposeLayout } from './ndView';
import { KIND, npInfer, resultType } from './npTypes';
import { gridFunctions } from './numpyGrid';
import { printOptionFunctions } from './numpyPrintOptions';
import { numpyRandomModule } from './numpyRandom';
import { npMean, npStd, npSum, npVar } from './numpyReduce';
import { createScalarClasses } from './numpyScalars';
import { npSort } from './numpySort';
import { sliceSpec } from './operators';
import { scalarOf, scalarValue, tensorTruth } from './tensorClass';

/**
 * Set while a NumPy function converts an argument that came from TensorFlow (a tensor, a variable, or an array
 * computed from one); its result array is marked `fromTensor`, so turning it back into a tensor is reported as the
 * point where the value left TensorFlow. Reset at the start of every NumPy function.
 */
let taint = false;

/** `def` for NumPy functions: every call starts untainted. */
const def = (signature: string, impl: (a: Args, ctx: CallContext) => PyValue, opts?: DefOptions) =>
  defNative(
    signature,
    (a, ctx) => {
      taint = false;
      return impl(a, ctx);
    },
    opts,
  );

function fromTF(v: PyValue): boolean {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.some(fromTF);
  if (!(v instanceof PyInstance)) return false;
  const p = v.payload;
  return p instanceof Tensor || p instanceof Variable || (p instanceof NdArray && p.fromTensor);
}

/** NumPy computes outside TensorFlow: no tape sees it. */
const quiet = withoutRecording;

/** An array from any Python value; tensors and variables keep their dtype (and mark the result as left TF). */
export function toArray(v: PyValue, dtype?: DType): NdArray {
  if (fromTF(v)) taint = true;
  if (v instanceof PyInstance) {
    const p = v.payload;
    if (p instanceof NdArray) {
      return dtype && dtype !== p.t.dtype ? new NdArray(castTensorData(p.t, dtype), false, p.fromTensor) : p;
    }
    if (p instanceof Tensor) return new NdArray(dtype ? castTensorData(p, dtype) : p, false, true);
    if (p instanceof Variable) return new NdArray(dtype ? castTensorData(p.value, dtype) : p.value, false, true);
  }
  const n = toNested(v, true);
  const t = quiet(() => constant(n, dtype ?? npInfer(n)));
  return new NdArray(t, false, taint);
}

const isPyScalar = (v: PyValue) => typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';

/** NumPy 2 (NEP 50) promotion: Python scalars are weak and take the array's dtype within their kind. */
function promote(a: PyValue, b: PyValue): [Tensor, Tensor] {
  const weakA = isPyScalar(a);
  const weakB = isPyScalar(b);
  if (weakA && weakB) {
    const d = typeof a === 'number' || typeof b === 'number' ? 'float64' : 'int64';
    return [toArray(a, d).t, toArray(b, d).t];
  }
  if (weakA || weakB) {
    const arr = toArray(weakA ? b : a).t;
    const s = weakA ? a : b;
    const sk = typeof s === 'number' ? 2 : typeof s === 'bigint' ? 1 : 0;
    const d = sk > KIND[arr.dtype] ? (sk === 2 ? 'float64' : 'int64') : arr.dtype;
    const x = castTensorData(arr, d);
    const y = toArray(s, d).t;
    return weakA ? [y, x] : [x, y];
  }
  const x = toArray(a).t;
  const y = toArray(b).t;
  const d = resultType(x.dtype, y.dtype);
  return [castTensorData(x, d), castTensorData(y, d)];
}

const wrap = (t: Tensor, scalar = false) => wrapNd(new NdArray(t, scalar, taint));
const arr = (v: PyValue) => toArray(v).t;

/** The items of a list or tuple argument; anything else raises NumPy's TypeError `message`. */
function sequence(v: PyValue, message: string): readonly PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items;
  throw pyError(TypeError, message);
}

type Bin = (a: Tensor, b: Tensor) => Tensor;
function binaryMethod(f: Bin, reflected: boolean) {
  return def('op(self, other, /)', ({ self, other }) => {
    if (other instanceof PyInstance && (other.payload instanceof Tensor || other.payload instanceof Variable)) {
      return NotImplemented; // TF tensors win (__array_priority__): Python then calls the tensor's reflected op
    }
    const [a, b] = reflected ? promote(other, self) : promote(self, other);
    const scalar = (self as PyInstance).payload instanceof NdArray && ((self as PyInstance).payload as NdArray).scalar;
    return quiet(() => wrap(f(a, b), scalar && (isPyScalar(other) || isScalarNd(other))));
  });
}
const isScalarNd = (v: PyValue) => v instanceof PyInstance && v.payload instanceof NdArray && v.payload.scalar;

/** `np.matmul` / `@`: a 1-D operand is a row (left) or a column (right) vector, and its axis is dropped after. */
export function npMatmul(a: Tensor, b: Tensor): Tensor {
  // NumPy's float16 products accumulate in its own loop order (no BLAS), not reproduced.
  if (a.dtype === 'float16') throw new NotSupported('np.matmul of float16');
  if (a.rank !== 1 && b.rank !== 1) return matmul(a, b);
  const r = matmul(a.rank === 1 ? tfReshape(a, [1, -1]) : a, b.rank === 1 ? tfReshape(b, [-1, 1]) : b);
  const shape = r.shape.slice();
  if (b.rank === 1) shape.pop();
  if (a.rank === 1) shape.splice(shape.length - (b.rank === 1 ? 1 : 2), 1);
  return tfReshape(r, shape);
}

/** `np.round(a, decimals)`: NumPy scales by 10**decimals, rounds half to even, and scales back, in the array's dtype. */
function roundDecimals(a: Tensor, decimals: number): Tensor {
  if (decimals >= 0 && KIND[a.dtype] < 2) return a;
  if (KIND[a.dtype] < 2) return castTensorData(roundNegative(castTensorData(a, 'float64'), decimals), a.dtype);
  if (decimals === 0) return round(a);
  if (decimals > 0) {
    const f = constant(10 ** decimals, a.dtype);
    return truediv(round(mul(a, f)), f);
  }
  return roundNegative(a, decimals);
}

function roundNegative(a: Tensor, decimals: number): Tensor {
  const f = constant(10 ** -decimals, a.dtype);
  return mul(round(truediv(a, f)), f);
}

function trueDivide(a: Tensor, b: Tensor): Tensor {
  return KIND[a.dtype] < 2 ? truediv(castTensorData(a, 'float64'), castTensorData(b, 'float64')) : truediv(a, b);
}

const BIN: Record<string, Bin> = {
  add,
  sub,
  mul,
  truediv: trueDivide,
  floordiv,
  mod: floormod,
  pow,
  matmul: (a, b) => npMatmul(a, b),
  lt: less,
  le: lessEqual,
  gt: greater,
  ge: greaterEqual,
  eq: equal,
  ne: notEqual,
};

/** `np.allclose` semantics: |a - b| <= atol + rtol * |b|, NaN never close. */
export function allClose(a: Tensor, b: Tensor, rtol: number, atol: number): boolean {
  const [x, y] = promote(wrap(a), wrap(b));
  const n = Math.max(x.size, y.size);
  if (x.size !== y.size && x.size !== 1 && y.size !== 1) return false;
  for (let i = 0; i < n; i++) {
    const p = x.num(x.size === 1 ? 0 : i);
    const q = y.num(y.size === 1 ? 0 : i);
    if (p === q) continue;
    if (!(Math.abs(p - q) <= atol + rtol * Math.abs(q))) return false;
  }
  return true;
}

/**
 * A NumPy reduction's operand: bools sum as int64, and so do the 8/16-bit signed ints (NumPy's `sum`/`prod` widen
 * them); unsigned ones widen to uint64 and float16 sums accumulate in NumPy's own order, which the engine does
 * not hold or reproduce (unknown).
 */
function reductionOperand(name: string, x: Tensor): Tensor {
  if (KIND[x.dtype] === 0 && name !== 'all' && name !== 'any') return castTensorData(x, 'int64');
  const accumulates = name === 'sum' || name === 'prod' || name === 'mean' || name === 'std' || name === 'var';
  if (accumulates && x.dtype === 'float16') throw new NotSupported(`np.${name} of float16`);
  if ((name === 'sum' || name === 'prod') && isNarrow(x.dtype)) {
    if (isUnsigned(x.dtype)) throw new NotSupported(`np.${name} of ${x.dtype}`);
    return castTensorData(x, 'int64');
  }
  return x;
}

function npReduce(
  name: string,
  f: (x: Tensor, axis: number | number[] | undefined, keep: boolean, ddof: number) => Tensor,
) {
  const ddof = name === 'std' || name === 'var' ? ', ddof=0' : '';
  return def(`${name}(a, axis=None, dtype=None, out=None${ddof}, keepdims=False)`, (a) => {
    const x = arr(a.a);
    const r = quiet(() =>
      f(reductionOperand(name, x), axisArg(a.axis), boolArg(a.keepdims), a.ddof === undefined ? 0 : numberArg(a.ddof)),
    );
    return wrap(r, r.rank === 0);
  });
}
/** `a.reshape(shape)`: a view sharing `a`'s elements when NumPy can make one, else a copy. */
function reshapeView(a: NdArray, shape: number[]): PyValue {
  if (a.fromTensor) taint = true;
  const r = quiet(() => tfReshape(a.t, shape));
  const l = reshapeLayout(a.place, r.shape);
  return l ? wrapNd(a.view(l)) : wrap(r);
}

/** `a.T` / `np.transpose(a, axes)` of an array: a view with its axes permuted. */
function transposeView(a: NdArray, axes: number[] | null): PyValue {
  if (a.fromTensor) taint = true;
  const r = quiet(() => transpose(a.t, axes));
  const rank = a.t.rank;
  const perm =
    axes === null ? Array.from({ length: rank }, (_, i) => rank - 1 - i) : axes.map((x) => (x < 0 ? x + rank : x));
  if (rank === 0) return wrap(r, a.scalar);
  return wrapNd(a.view(transposeLayout(a.place, perm)));
}

/** NumPy's `UFuncTypeError` (a TypeError): a ufunc's result cannot be cast to its output's dtype. */
const UFuncTypeError = new PyClass('UFuncTypeError', [TypeError], new Map(), 'numpy._core._exceptions');

const UFUNC_NAMES: Record<string, string> = {
  add: 'add',
  sub: 'subtract',
  mul: 'multiply',
  truediv: 'divide',
  floordiv: 'floor_divide',
  mod: 'remainder',
  pow: 'power',
};

/** `a += b` and its kin: computed, cast to `a`'s dtype (same kind only) and written into `a`, which views see. */
function inplaceMethod(name: string, f: Bin) {
  return def('op(self, other, /)', ({ self, other }) => {
    if (other instanceof PyInstance && (other.payload instanceof Tensor || other.payload instanceof Variable)) {
      return NotImplemented;
    }
    const a = (self as PyInstance).payload as NdArray;
    const [x, y] = promote(self, other);
    const r = quiet(() => f(x, y));
    if (a.scalar) return wrap(r, isPyScalar(other) || isScalarNd(other));
    writeOut(name, a, r);
    return self;
  });
}

/** A ufunc's result written into its output array `a` (`out=` or an in-place operator), as NumPy casts it. */
function writeOut(name: string, a: NdArray, r: Tensor): void {
  const d = a.t.dtype;
  if (KIND[r.dtype] > KIND[d]) {
    throw pyError(
      UFuncTypeError,
      `Cannot cast ufunc '${name}' output from ${npDTypeRepr(r.dtype)} to ${npDTypeRepr(d)} with casting rule 'same_kind'`,
    );
  }
  if (r.shape.length !== a.t.rank || r.shape.some((n, i) => n !== a.t.shape[i])) {
    throw pyError(
      ValueError,
      `non-broadcastable output operand with shape ${shapeText(a.t.shape)} doesn't match the broadcast shape ${shapeText(r.shape)}`,
    );
  }
  a.write(castTensorData(r, d).data);
}

/** `out=`: None, or a NumPy array (or a 1-tuple of one) that receives the result. */
function outArray(out: PyValue): NdArray | null | undefined {
  const v = out instanceof PyTuple && out.items.length === 1 ? out.items[0] : out;
  if (v === null || v === undefined) return null;
  if (v instanceof PyInstance && v.payload instanceof NdArray && !v.payload.scalar) return v.payload;
  throw pyError(TypeError, 'return arrays must be of ArrayType');
}
const shapeText = (shape: readonly number[]) => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(',')})`);

/** A NumPy ufunc of two operands: NEP 50 promotion; a NumPy scalar when both operands are scalars. */
const npBinary = (name: string, f: Bin) =>
  def(`${name}(x1, x2, /, out=None)`, (a) => {
    const r = quiet(() => f(...promote(a.x1, a.x2)));
    const out = outArray(a.out);
    if (out) {
      writeOut(name, out, r);
      return a.out instanceof PyTuple ? a.out.items[0] : a.out;
    }
    const scalarLike = (v: PyValue) => isPyScalar(v) || isScalarNd(v);
    return wrap(r, r.rank === 0 && scalarLike(a.x1) && scalarLike(a.x2));
  });

const npUnary = (name: string, f: (x: Tensor) => Tensor) =>
  def(`${name}(x, out=None)`, (a) => {
    const x = arr(a.x);
    const y = quiet(() =>
      f(KIND[x.dtype] < 2 && name !== 'abs' && name !== 'sign' && name !== 'square' ? castTensorData(x, 'float64') : x),
    );
    const out = outArray(a.out);
    if (out) {
      writeOut(name, out, y);
      return a.out instanceof PyTuple ? a.out.items[0] : a.out;
    }
    return wrap(y, y.rank === 0 && isScalarNd(a.x));
  });

export function createNdarrayClass(): void {
  DTypeClass = nativeClass({
    name: 'dtype',
    module: 'numpy',
    methods: {
      __repr__: def('__repr__(self)', ({ self }) => npDTypeRepr((self as PyInstance).payload as DType)),
      __str__: def('__str__(self)', ({ self }) => String((self as PyInstance).payload)),
      __eq__: def('__eq__(self, other)', ({ self, other }) => {
        try {
          return (
            dtypeArg(other instanceof PyInstance ? (other.payload as PyValue) : other) === (self as PyInstance).payload
          );
        } catch {
          return false;
        }
      }),
    },
    getters: { name: (s) => String(s.payload) },
  });
  const methods: Record<string, PyNativeFunction> = {};
  for (const [k, f] of Object.entries(BIN)) {
    methods[`__${k}__`] = binaryMethod(f, false);
    if (!['lt', 'le', 'gt', 'ge', 'eq', 'ne'].includes(k)) methods[`__r${k}__`] = binaryMethod(f, true);
    if (UFUNC_NAMES[k]) methods[`__i${k}__`] = inplaceMethod(UFUNC_NAMES[k], f);
  }
  const self = (s: PyValue) => {
    const a = (s as PyInstance).payload as NdArray;
    if (a.fromTensor) taint = true;
    return a;
  };
  classes.ndarray = nativeClass({
    name: 'ndarray',
    module: 'numpy',
    methods: {
      ...methods,
      __repr__: def('__repr__(self)', ({ self: s }) => {
        const a = self(s);
        return a.scalar ? numpyScalarTypedRepr(a.t.data[0] as number, a.t.dtype) : ndarrayRepr(a.t);
      }),
      __str__: def('__str__(self)', ({ self: s }) => {
        const a = self(s);
        return a.scalar ? numpyScalarRepr(a.t.data[0] as number, a.t.dtype) : ndarrayStr(a.t);
      }),
      __neg__: def('__neg__(self)', ({ self: s }) =>
        wrap(
          quiet(() => neg(self(s).t)),
          self(s).scalar,
        ),
      ),
      __abs__: def('__abs__(self)', ({ self: s }) =>
        wrap(
          quiet(() => abs(self(s).t)),
          self(s).scalar,
        ),
      ),
      __bool__: def('__bool__(self)', ({ self: s }) => tensorTruth(self(s).t)),
      __float__: def('__float__(self)', ({ self: s }) => scalarOf(self(s).t, 'float')),
      __int__: def('__int__(self)', ({ self: s }) => toInt(scalarOf(self(s).t, 'int'))),
      __index__: def('__index__(self)', ({ self: s }) => {
        const t = self(s).t;
        if (t.dtype !== 'int32' && t.dtype !== 'int64' && t.dtype !== 'bool') {
          throw pyError(TypeError, 'only integer scalar arrays can be converted to a scalar index');
        }
        return BigInt(scalarOf(t, 'index'));
      }),
      __hash__: def('__hash__(self)', ({ self: s }) => {
        if (!self(s).scalar) throw pyError(TypeError, "unhashable type: 'numpy.ndarray'");
        return pyHash(self(s).t.num(0));
      }),
      __len__: def('__len__(self)', ({ self: s }) => {
        if (self(s).t.rank === 0) throw pyError(TypeError, 'len() of unsized object');
        return BigInt(self(s).t.shape[0]);
      }),
      __iter__: def('__iter__(self)', ({ self: s }) => {
        const t = self(s).t;
        if (t.rank === 0) throw pyError(TypeError, 'iteration over a 0-d array');
        const a = self(s);
        let i = 0;
        // Rows of an array of 2 or more dimensions are views (a write to one reaches the array); of 1, scalars.
        return new PyIterator(() => {
          if (i >= t.shape[0]) return undefined;
          const spec: SliceItem[] = [{ kind: 'index', i: i++ }];
          const r = quiet(() => stridedSlice(t, spec));
          if (r.rank === 0) return r.dtype === 'string' ? scalarValue(r) : wrap(r, true);
          const l = sliceLayout(a.place, spec);
          return l ? wrapNd(a.view(l)) : wrap(r);
        });
      }),
      __getitem__: def('__getitem__(self, key)', ({ self: s, key }) => {
        const a = self(s);
        const spec = sliceSpec(key);
        const r = quiet(() => stridedSlice(a.t, spec));
        // An element of a string array is the `bytes` object it holds (TF's arrays of strings are object arrays).
        if (r.rank === 0) return r.dtype === 'string' ? scalarValue(r) : wrap(r, true);
        // Basic indexing makes a view: writes through it reach `a`, and writes to `a` show in it.
        const l = sliceLayout(a.place, spec);
        return l ? wrapNd(a.view(l)) : wrap(r);
      }),
      __setitem__: def('__setitem__(self, key, value)', ({ self: s, key, value }) => {
        const a = self(s);
        // The flat positions the subscript selects, then the new data written there.
        const idx = quiet(() =>
          stridedSlice(tfReshape(tfRange(0n, BigInt(a.t.size), 1n, 'int32'), a.t.shape), sliceSpec(key)),
        );
        const v = toArray(value, a.t.dtype).t;
        const place = positions(a.place);
        const at = new Int32Array(idx.size);
        const values = new Array<unknown>(idx.size);
        for (let i = 0; i < idx.size; i++) {
          at[i] = place[idx.num(i)];
          values[i] = v.data[v.size === 1 ? 0 : i];
        }
        a.writeAt(at, values);
        return null;
      }),
      __format__: def('__format__(self, spec)', ({ self: s, spec }) => {
        const a = self(s);
        if (a.t.rank > 0 && !a.scalar) {
          if (spec !== '') throw pyError(TypeError, 'unsupported format string passed to numpy.ndarray.__format__');
          return ndarrayStr(a.t);
        }
        // A NumPy scalar (or 0-d array) formats as the Python scalar it converts to.
        return formatValue(scalarValue(a.t), String(spec));
      }),
      item: def('item(self)', ({ self: s }) => scalarValue(self(s).t)),
      tolist: def('tolist(self)', ({ self: s }) => toList(self(s).t)),
      astype: def('astype(self, dtype)', ({ self: s, dtype }) =>
        wrap(castTensorData(self(s).t, dtypeArg(dtype) ?? 'float64'), self(s).scalar),
      ),
      copy: def('copy(self)', ({ self: s }) => wrap(self(s).t, self(s).scalar)),
      reshape: def('reshape(self, *shape)', ({ self: s, shape }) => {
        const items = (shape as PyTuple).items;
        return reshapeView(self(s), items.length === 1 ? shapeArg(items[0]) : items.map((x) => intArg(x)));
      }),
      transpose: def('transpose(self, *axes)', ({ self: s, axes }) => {
        const items = (axes as PyTuple).items;
        const perm =
          items.length === 0 || (items.length === 1 && items[0] === null)
            ? null
            : items.length === 1
              ? shapeArg(items[0])
              : items.map((x) => intArg(x));
        return transposeView(self(s), perm);
      }),
      ravel: def('ravel(self)', ({ self: s }) => reshapeView(self(s), [-1])),
      flatten: def('flatten(self)', ({ self: s }) => wrap(quiet(() => tfReshape(self(s).t, [-1])))),
      sum: npReduce('sum', npSum),
      mean: npReduce('mean', npMean),
      std: npReduce('std', npStd),
      var: npReduce('var', npVar),
      max: npReduce('max', reduceMax),
      min: npReduce('min', reduceMin),
      all: npReduce('all', reduceAll),
      any: npReduce('any', reduceAny),
    },
    getters: {
      shape: (s) => new PyTuple(self(s).t.shape.map((d) => BigInt(d))),
      ndim: (s) => BigInt(self(s).t.rank),
      size: (s) => BigInt(self(s).t.size),
      dtype: (s) => npDType(self(s).t.dtype),
      T: (s) => transposeView(self(s), null),
    },
  });
  classes.ndarray.dict.set('__array_priority__', 0);
  scalarTypes = createScalarClasses((value, d) => {
    const a = toArray(value, d);
    return wrap(a.t, a.t.rank === 0);
  });
}
let scalarTypes: Record<string, PyClass> = {};

export function toList(t: Tensor): PyValue {
  const rec = (dim: number, off: number): PyValue => {
    if (dim === t.rank)
      return scalarValue(
        new Tensor(
          t.dtype,
          [],
          t.dtype === 'string' ? [t.data[off] as string] : (t.data as Float64Array).slice(off, off + 1),
        ),
      );
    const stride = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return new PyList(Array.from({ length: t.shape[dim] }, (_, i) => rec(dim + 1, off + i * stride)));
  };
  return rec(0, 0);
}

/** NumPy dtype objects: printed `dtype('float32')`, compare equal to their names and scalar types. */
let DTypeClass: ReturnType<typeof nativeClass>;
function npDType(d: DType): PyValue {
  return new PyInstance(DTypeClass, d);
}

export function numpyModule(): PyModule {
  const creation = (name: string, fill: 0 | 1) =>
    def(`${name}(shape, dtype=None, order='C')`, (a) =>
      wrap(filled(shapeArg(a.shape), fill, dtypeArg(a.dtype) ?? 'float64')),
    );
  const testing = nativeModule('numpy.testing', {
    assert_allclose: def(
      "assert_allclose(actual, desired, rtol=1e-07, atol=0, equal_nan=True, err_msg='', verbose=True)",
      (a) => {
        if (!allClose(arr(a.actual), arr(a.desired), numberArg(a.rtol), numberArg(a.atol))) {
          throw pyError(
            AssertionError,
            `\nNot equal to tolerance rtol=${formatValue(numberArg(a.rtol), 'g')}, atol=${formatValue(numberArg(a.atol), 'g')}\n${pyStr(a.err_msg)}`,
          );
        }
        return null;
      },
    ),
    assert_array_equal: def("assert_array_equal(x, y, err_msg='', verbose=True)", (a) => {
      if (!allClose(arr(a.x), arr(a.y), 0, 0)) throw pyError(AssertionError, '\nArrays are not equal');
      return null;
    }),
    assert_almost_equal: def("assert_almost_equal(actual, desired, decimal=7, err_msg='', verbose=True)", (a) => {
      if (!allClose(arr(a.actual), arr(a.desired), 0, 1.5 * 10 ** -Number(a.decimal))) {
        throw pyError(AssertionError, `\nArrays are not almost equal to ${Number(a.decimal)} decimals`);
      }
      return null;
    }),
  });
  const fn1 = (name: string, f: (x: Tensor) => Tensor) => npUnary(name, f);
  const np: Record<string, PyValue> = {
    ndarray: classes.ndarray,
    array: def('array(object, dtype=None, copy=True, ndmin=0)', (a) => {
      const x = toArray(a.object, dtypeArg(a.dtype));
      // An array given as the object is copied (its own store), unless `copy=False` lets it be the same array.
      const same = a.object instanceof PyInstance && a.object.payload === x;
      if (same && a.copy === false) return a.object;
      return same ? wrap(x.t, x.scalar) : wrapNd(x);
    }),
    asarray: def('asarray(a, dtype=None)', (a) => {
      const x = toArray(a.a, dtypeArg(a.dtype));
      return a.a instanceof PyInstance && a.a.payload === x ? a.a : wrapNd(x);
    }),
    zeros: creation('zeros', 0),
    ones: creation('ones', 1),
    zeros_like: def('zeros_like(a, dtype=None)', (a) => {
      const t = arr(a.a);
      return wrap(filled(t.shape, 0, dtypeArg(a.dtype) ?? t.dtype));
    }),
    ones_like: def('ones_like(a, dtype=None)', (a) => {
      const t = arr(a.a);
      return wrap(filled(t.shape, 1, dtypeArg(a.dtype) ?? t.dtype));
    }),
    full: def('full(shape, fill_value, dtype=None)', (a) => {
      const v = toArray(a.fill_value, dtypeArg(a.dtype));
      return wrap(filled(shapeArg(a.shape), v.t.num(0), v.t.dtype));
    }),
    arange: def('arange(start, stop=None, step=None, dtype=None)', (a) => {
      const anyFloat = [a.start, a.stop, a.step].some((x) => typeof x === 'number');
      const d = dtypeArg(a.dtype) ?? (anyFloat ? 'float64' : 'int64');
      const t = quiet(() =>
        tfRange(
          toArray(a.start, d).t,
          a.stop === null ? null : toArray(a.stop, d).t,
          a.step === null ? toArray(1n, d).t : toArray(a.step, d).t,
          d,
        ),
      );
      return wrap(t);
    }),
    linspace: def('linspace(start, stop, num=50, endpoint=True, dtype=None)', (a) =>
      wrap(
        quiet(() =>
          castTensorData(
            tfLinspace(toArray(a.start, 'float64').t, toArray(a.stop, 'float64').t, intArg(a.num)),
            dtypeArg(a.dtype) ?? 'float64',
          ),
        ),
      ),
    ),
    eye: def('eye(N, M=None, k=0, dtype=None)', (a) =>
      wrap(quiet(() => tfEye(intArg(a.N), a.M === null ? null : intArg(a.M), [], dtypeArg(a.dtype) ?? 'float64'))),
    ),
    reshape: def('reshape(a, newshape)', (a) => {
      const p = a.a instanceof PyInstance ? a.a.payload : undefined;
      if (p instanceof NdArray) return reshapeView(p, shapeArg(a.newshape));
      return wrap(quiet(() => tfReshape(arr(a.a), shapeArg(a.newshape))));
    }),
    ravel: def('ravel(a)', (a) => {
      const p = a.a instanceof PyInstance ? a.a.payload : undefined;
      if (p instanceof NdArray) return reshapeView(p, [-1]);
      return wrap(quiet(() => tfReshape(arr(a.a), [-1])));
    }),
    transpose: def('transpose(a, axes=None)', (a) => {
      const axes = a.axes === null ? null : shapeArg(a.axes);
      const p = a.a instanceof PyInstance ? a.a.payload : undefined;
      if (p instanceof NdArray) return transposeView(p, axes);
      return wrap(quiet(() => transpose(arr(a.a), axes)));
    }),
    concatenate: def('concatenate(arrays, axis=0)', (a) =>
      wrap(
        quiet(() =>
          concat(sequence(a.arrays, 'The first input argument needs to be a sequence').map(arr), intArg(a.axis)),
        ),
      ),
    ),
    stack: def('stack(arrays, axis=0)', (a) =>
      wrap(
        quiet(() =>
          stack(
            sequence(a.arrays, 'arrays to stack must be passed as a "sequence" type such as list or tuple.').map(arr),
            intArg(a.axis),
          ),
        ),
      ),
    ),
    dot: def('dot(a, b)', (a) => {
      const [x, y] = promote(a.a, a.b);
      if (x.rank === 0 || y.rank === 0) return wrap(quiet(() => mul(x, y)));
      if (x.dtype === 'float16') throw new NotSupported('np.dot of float16');
      if (x.rank === 1 && y.rank === 1)
        return wrap(
          quiet(() => reduceSum(mul(x, y))),
          true,
        );
      const x2 = x.rank === 1 ? tfReshape(x, [1, -1]) : x;
      const y2 = y.rank === 1 ? tfReshape(y, [-1, 1]) : y;
      const r = quiet(() => matmul(x2, y2));
      return wrap(quiet(() => (x.rank === 1 || y.rank === 1 ? tfReshape(r, [-1]) : r)));
    }),
    matmul: def('matmul(a, b)', (a) => {
      const r = quiet(() => npMatmul(...promote(a.a, a.b)));
      return wrap(r, r.rank === 0);
    }),
    add: npBinary('add', add),
    subtract: npBinary('subtract', sub),
    multiply: npBinary('multiply', mul),
    divide: npBinary('divide', trueDivide),
    true_divide: npBinary('true_divide', trueDivide),
    power: npBinary('power', pow),
    maximum: def('maximum(x1, x2)', (a) => wrap(quiet(() => maximum(...promote(a.x1, a.x2))))),
    minimum: def('minimum(x1, x2)', (a) => wrap(quiet(() => minimum(...promote(a.x1, a.x2))))),
    where: def('where(condition, x, y)', (a) =>
      wrap(quiet(() => where(castTensorData(arr(a.condition), 'bool'), ...promote(a.x, a.y)))),
    ),
    sum: npReduce('sum', npSum),
    mean: npReduce('mean', npMean),
    max: npReduce('max', reduceMax),
    min: npReduce('min', reduceMin),
    amax: npReduce('amax', reduceMax),
    amin: npReduce('amin', reduceMin),
    prod: npReduce('prod', reduceProd),
    std: npReduce('std', npStd),
    var: npReduce('var', npVar),
    all: npReduce('all', (x, ax, k) => reduceAll(castTensorData(x, 'bool'), ax, k)),
    any: npReduce('any', (x, ax, k) => reduceAny(castTensorData(x, 'bool'), ax, k)),
    sort: def('sort(a, axis=-1, kind=None, order=None)', (a, ctx) => {
      const x = arr(a.a);
      if (x.dtype === 'string') return ctx.unsupported('np.sort of strings');
      return wrap(npSort(x, a.axis === null ? null : intArg(a.axis, 'axis')));
    }),
    argmax: def('argmax(a, axis=None)', (a) => {
      const x = arr(a.a);
      const r = quiet(() => (a.axis === null ? argMax(tfReshape(x, [-1]), 0) : argMax(x, intArg(a.axis))));
      return wrap(r, r.rank === 0);
    }),
    argmin: def('argmin(a, axis=None)', (a) => {
      const x = arr(a.a);
      const r = quiet(() => (a.axis === null ? argMin(tfReshape(x, [-1]), 0) : argMin(x, intArg(a.axis))));
      return wrap(r, r.rank === 0);
    }),
    abs: fn1('abs', abs),
    sign: fn1('sign', sign),
    square: fn1('square', square),
    sqrt: fn1('sqrt', sqrt),
    ...gridFunctions({ def, toArray, wrap, resultType, isScalar: isScalarNd }),
    ...printOptionFunctions(),
    exp: fn1('exp', exp),
    log: fn1('log', log),
    sin: fn1('sin', sin),
    cos: fn1('cos', cos),
    tan: fn1('tan', tan),
    tanh: fn1('tanh', tanh),
    round: def('round(a, decimals=0)', (a) =>
      wrap(
        quiet(() => roundDecimals(arr(a.a), intArg(a.decimals))),
        isScalarNd(a.a),
      ),
    ),
    clip: def('clip(a, a_min, a_max)', (a) =>
      wrap(quiet(() => minimum(maximum(...promote(a.a, a.a_min)), promote(a.a, a.a_max)[1]))),
    ),
    allclose: def('allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)', (a) =>
      allClose(arr(a.a), arr(a.b), numberArg(a.rtol), numberArg(a.atol)),
    ),
    isclose: def('isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)', (a) => {
      const [x, y] = promote(a.a, a.b);
      const r = quiet(() =>
        lessEqual(
          abs(sub(x, y)),
          add(
            castTensorData(toArray(numberArg(a.atol), x.dtype).t, x.dtype),
            mul(toArray(numberArg(a.rtol), x.dtype).t, abs(y)),
          ),
        ),
      );
      return wrap(r, r.rank === 0);
    }),
    array_equal: def('array_equal(a1, a2)', (a) => {
      const x = arr(a.a1);
      const y = arr(a.a2);
      return x.shape.length === y.shape.length && x.shape.every((d, i) => d === y.shape[i]) && allClose(x, y, 0, 0);
    }),
    shape: def('shape(a)', (a) => new PyTuple(arr(a.a).shape.map((d) => BigInt(d)))),
    size: def('size(a)', (a) => BigInt(arr(a.a).size)),
    ndim: def('ndim(a)', (a) => BigInt(arr(a.a).rank)),
    ...scalarTypes,
    pi: Math.PI,
    e: Math.E,
    inf: Number.POSITIVE_INFINITY,
    nan: Number.NaN,
    newaxis: null,
    testing,
    random: numpyRandomModule(),
    linalg: nativeModule('numpy.linalg', {
      norm: def('norm(x, ord=None, axis=None, keepdims=False)', (a) => {
        const x = castTensorData(arr(a.x), 'float64');
        const r = quiet(() => sqrt(reduceSum(mul(x, x), axisArg(a.axis), boolArg(a.keepdims))));
        return wrap(r, r.rank === 0);
      }),
    }),
  };
  return nativeModule('numpy', np);
}

function filled(shape: readonly number[], v: number, d: DType): Tensor {
  const t = castTensorData(new Tensor('float64', shape, new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(v)), d);
  return t;
}

export { wrapTensor };
