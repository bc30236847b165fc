/**
 * `tf.experimental.numpy` (tnp): NumPy's API whose arrays are `tf.Tensor`s. Every function is made of engine ops with
 * recording on, so tapes see tnp computations as they see TF's; dtypes follow tnp's rules (NumPy's inference and
 * promotion, integer sums widened to int64, means of integers in the default float).
 */

import { broadcastTo, concat, fill, reshape } from '../ops/array';
import { equal, lessEqual, where } from '../ops/compare';
import { eye, linspace, range } from '../ops/create';
import { add, cast, floordiv, floormod, maximum, minimum, mul, neg, pow, sub, truediv } from '../ops/math';
import {
  argMax,
  argMin,
  reduceAll,
  reduceAny,
  reduceMax,
  reduceMean,
  reduceMin,
  reduceProd,
  reduceStd,
  reduceSum,
  reduceVariance,
} from '../ops/reduce';
import { expandDims, squeeze, stack, transpose } from '../ops/shape';
import {
  abs,
  ceil,
  cos,
  cosh,
  exp,
  expm1,
  floor,
  log,
  log1p,
  round,
  sign,
  sin,
  sinh,
  sqrt,
  square,
  tan,
  tanh,
} from '../ops/unary';
import { pyError, TypeError } from '../python/exceptions';
import { def, nativeModule } from '../python/native';
import { PyList, type PyModule, PyTuple, type PyValue } from '../python/values';
import type { DType } from '../tensor/dtype';
import type { Tensor } from '../tensor/tensor';
import { classes, wrapTensor } from './boxes';
import { axisArg, boolArg, dtypeArg, intArg, numberArg, shapeArg } from './convert';
import { KIND } from './npTypes';
import { npMatmul } from './numpy';
import { checkMode, defaultFloat, numpyBehavior, tnpArray, tnpPromote, tnpResultType } from './tnpBehavior';
import { tnpRandomModule } from './tnpRandom';

const W = wrapTensor;
const arr = (v: PyValue, d?: DType) => {
  checkMode('tf.experimental.numpy');
  return tnpArray(v, d);
};
const toFloat = (t: Tensor) => (KIND[t.dtype] < 2 ? cast(t, defaultFloat()) : t);

type Axis = number | number[] | undefined;

/** A tnp reduction. `promote`: `int` widens bool and int32 to int64 (NumPy's `int_`), `float` to the default float. */
function reduction(
  name: string,
  f: (x: Tensor, axis: Axis, keep: boolean) => Tensor,
  promote: 'int' | 'float' | 'none',
  boolFn?: (x: Tensor, axis: Axis, keep: boolean) => Tensor,
) {
  return def(`${name}(a, axis=None, dtype=None, out=None, keepdims=None)`, (a) => reduceWith(a, f, promote, boolFn));
}

export function reduceWith(
  a: Record<string, PyValue>,
  f: (x: Tensor, axis: Axis, keep: boolean) => Tensor,
  promote: 'int' | 'float' | 'none',
  boolFn?: (x: Tensor, axis: Axis, keep: boolean) => Tensor,
): PyValue {
  const dtype = dtypeArg(a.dtype ?? null);
  let x = arr(a.a, dtype);
  const axis = axisArg(a.axis ?? null);
  const keep = boolArg(a.keepdims ?? null);
  if (boolFn && x.dtype === 'bool') return W(boolFn(x, axis, keep));
  if (dtype === undefined) {
    if (promote === 'int' && (x.dtype === 'bool' || x.dtype === 'int32')) x = cast(x, 'int64');
    else if (promote === 'float') x = toFloat(x);
  }
  return W(f(x, axis, keep));
}

const unaryFloat = (name: string, f: (x: Tensor) => Tensor) => def(`${name}(x)`, (a) => W(f(toFloat(arr(a.x)))));
const unarySame = (name: string, f: (x: Tensor) => Tensor) => def(`${name}(x)`, (a) => W(f(arr(a.x))));
const binary = (name: string, f: (a: Tensor, b: Tensor) => Tensor) =>
  def(`${name}(x1, x2)`, (a) => W(f(...tnpPromote(a.x1, a.x2))));

/** `tnp.dot`: a product with a scalar, else the sum over the last axis of `a` and the second-to-last of `b`. */
export function tnpDot(x: Tensor, y: Tensor): Tensor {
  if (x.rank === 0 || y.rank === 0) return mul(x, y);
  if (y.rank === 1) return reduceSum(mul(x, y), -1);
  if (x.rank === 1) return squeeze(npMatmul(reshape(x, [1, -1]), y), [-2]);
  if (x.rank === 2 && y.rank === 2) return npMatmul(x, y);
  throw pyError(TypeError, 'tnp.dot of arrays of rank above 2 is not supported');
}

/** `tnp.reshape(a, newshape)` and `a.reshape(...)`. */
export const tnpReshape = (x: Tensor, shape: number[]) => reshape(x, shape);

function sequenceOf(v: PyValue): readonly PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items;
  return [v];
}

/** The arrays of `concatenate`/`stack`, converted to their common dtype. */
function common(values: readonly PyValue[]): Tensor[] {
  checkMode('tf.experimental.numpy');
  const d = tnpResultType(values);
  return values.map((v) => tnpArray(v, d));
}

export function tnpClip(x: PyValue, lo: PyValue, hi: PyValue): Tensor {
  const d = tnpResultType([x, lo, hi].filter((v) => v !== null));
  let t = tnpArray(x, d);
  if (lo !== null) t = maximum(t, tnpArray(lo, d));
  if (hi !== null) t = minimum(t, tnpArray(hi, d));
  return t;
}

function creation(name: string, value: 0 | 1) {
  return def(`${name}(shape, dtype=None)`, (a) => {
    checkMode('tf.experimental.numpy');
    return W(fill(shapeArg(a.shape), value, dtypeArgFloat(a.dtype)));
  });
}

/** A dtype argument whose default (None) is tnp's default float. */
const dtypeArgFloat = (v: PyValue): DType => dtypeArg(v) ?? defaultFloat();

export function tnpModule(np: PyModule): PyModule {
  const npAttr = (n: string) => np.dict.get(n) as PyValue;
  const m: Record<string, PyValue> = {
    ndarray: classes.Tensor,
    newaxis: null,
    pi: Math.PI,
    e: Math.E,
    inf: Number.POSITIVE_INFINITY,
    nan: Number.NaN,
    float32: npAttr('float32'),
    float64: npAttr('float64'),
    int32: npAttr('int32'),
    int64: npAttr('int64'),
    bool_: npAttr('bool_'),
    experimental_enable_numpy_behavior: def(
      "experimental_enable_numpy_behavior(prefer_float32=False, dtype_conversion_mode='legacy')",
      (a, ctx) => {
        numpyBehavior.enabled = true;
        numpyBehavior.preferFloat32 = boolArg(a.prefer_float32);
        const mode = String(a.dtype_conversion_mode);
        if (mode !== 'legacy') {
          numpyBehavior.unsupportedMode = mode;
          return ctx.unsupported(`tnp.experimental_enable_numpy_behavior(dtype_conversion_mode='${mode}')`);
        }
        return null;
      },
    ),
    asarray: def('asarray(a, dtype=None)', (a) => W(arr(a.a, dtypeArg(a.dtype)))),
    array: def('array(val, dtype=None, copy=True, ndmin=0)', (a) => {
      let t = arr(a.val, dtypeArg(a.dtype));
      const ndmin = intArg(a.ndmin);
      if (t.rank < ndmin) t = reshape(t, [...new Array(ndmin - t.rank).fill(1), ...t.shape]);
      return W(t);
    }),
    ones: creation('ones', 1),
    zeros: creation('zeros', 0),
    full: def('full(shape, fill_value, dtype=None)', (a) => {
      const v = arr(a.fill_value, dtypeArg(a.dtype));
      return W(broadcastTo(v, shapeArg(a.shape)));
    }),
    ones_like: def('ones_like(a, dtype=None)', (a) => {
      const t = arr(a.a);
      return W(fill(t.shape, 1, dtypeArg(a.dtype) ?? t.dtype));
    }),
    zeros_like: def('zeros_like(a, dtype=None)', (a) => {
      const t = arr(a.a);
      return W(fill(t.shape, 0, dtypeArg(a.dtype) ?? t.dtype));
    }),
    arange: def('arange(start, stop=None, step=1, dtype=None)', (a) => {
      checkMode('tf.experimental.numpy');
      const parts = [a.start, a.stop, a.step].filter((v) => v !== null);
      const d = dtypeArg(a.dtype) ?? tnpResultType(parts);
      const [start, stop] = a.stop === null ? [0n, a.start] : [a.start, a.stop];
      const wide: DType = KIND[d] === 2 ? 'float64' : 'int64';
      const t = range(tnpArray(start, wide), tnpArray(stop, wide), tnpArray(a.step, wide), wide);
      return W(cast(t, d));
    }),
    linspace: def('linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0)', (a) => {
      checkMode('tf.experimental.numpy');
      if (!boolArg(a.endpoint) || boolArg(a.retstep))
        throw pyError(TypeError, 'linspace: endpoint=False and retstep are not supported');
      const t = linspace(tnpArray(a.start, 'float64'), tnpArray(a.stop, 'float64'), intArg(a.num), intArg(a.axis));
      return W(cast(t, dtypeArgFloat(a.dtype)));
    }),
    eye: def('eye(N, M=None, k=0, dtype=None)', (a) => {
      checkMode('tf.experimental.numpy');
      if (intArg(a.k) !== 0) throw pyError(TypeError, 'eye: k other than 0 is not supported');
      return W(eye(intArg(a.N), a.M === null ? null : intArg(a.M), [], dtypeArgFloat(a.dtype)));
    }),
    identity: def('identity(n, dtype=None)', (a) => W(eye(intArg(a.n), null, [], dtypeArgFloat(a.dtype)))),
    reshape: def("reshape(a, newshape, order='C')", (a) => W(tnpReshape(arr(a.a), shapeArg(a.newshape)))),
    ravel: def('ravel(a)', (a) => W(reshape(arr(a.a), [-1]))),
    transpose: def('transpose(a, axes=None)', (a) => W(transpose(arr(a.a), a.axes === null ? null : shapeArg(a.axes)))),
    expand_dims: def('expand_dims(a, axis)', (a) => W(expandDims(arr(a.a), intArg(a.axis)))),
    squeeze: def('squeeze(a, axis=None)', (a) => W(squeeze(arr(a.a), axisArg(a.axis) ?? null))),
    broadcast_to: def('broadcast_to(array, shape)', (a) => W(broadcastTo(arr(a.array), shapeArg(a.shape)))),
    concatenate: def('concatenate(arys, axis=0)', (a) => W(concat(common(sequenceOf(a.arys)), intArg(a.axis)))),
    stack: def('stack(arrays, axis=0)', (a) => W(stack(common(sequenceOf(a.arrays)), intArg(a.axis)))),
    where: def('where(condition, x=None, y=None)', (a) => {
      const c = cast(arr(a.condition), 'bool');
      return W(where(c, ...tnpPromote(a.x, a.y)));
    }),
    clip: def('clip(a, a_min, a_max)', (a) => W(tnpClip(a.a, a.a_min, a.a_max))),
    sum: reduction('sum', reduceSum, 'int', reduceAny),
    prod: reduction('prod', reduceProd, 'int', reduceAll),
    mean: reduction('mean', reduceMean, 'float'),
    amax: reduction('amax', reduceMax, 'none', reduceAny),
    amin: reduction('amin', reduceMin, 'none', reduceAll),
    max: reduction('max', reduceMax, 'none', reduceAny),
    min: reduction('min', reduceMin, 'none', reduceAll),
    std: reduction('std', reduceStd, 'float'),
    var: reduction('var', reduceVariance, 'float'),
    all: def('all(a, axis=None, keepdims=None)', (a) =>
      W(reduceAll(cast(arr(a.a), 'bool'), axisArg(a.axis), boolArg(a.keepdims))),
    ),
    any: def('any(a, axis=None, keepdims=None)', (a) =>
      W(reduceAny(cast(arr(a.a), 'bool'), axisArg(a.axis), boolArg(a.keepdims))),
    ),
    argmax: def('argmax(a, axis=None)', (a) => {
      const x = arr(a.a);
      return W(a.axis === null ? argMax(reshape(x, [-1]), 0) : argMax(x, intArg(a.axis)));
    }),
    argmin: def('argmin(a, axis=None)', (a) => {
      const x = arr(a.a);
      return W(a.axis === null ? argMin(reshape(x, [-1]), 0) : argMin(x, intArg(a.axis)));
    }),
    dot: def('dot(a, b)', (a) => W(tnpDot(...tnpPromote(a.a, a.b)))),
    matmul: def('matmul(x1, x2)', (a) => W(npMatmul(...tnpPromote(a.x1, a.x2)))),
    add: binary('add', add),
    subtract: binary('subtract', sub),
    multiply: binary('multiply', mul),
    divide: binary('divide', (x, y) => truediv(toFloat(x), toFloat(y))),
    true_divide: binary('true_divide', (x, y) => truediv(toFloat(x), toFloat(y))),
    floor_divide: binary('floor_divide', floordiv),
    mod: binary('mod', floormod),
    power: binary('power', pow),
    maximum: binary('maximum', maximum),
    minimum: binary('minimum', minimum),
    equal: binary('equal', equal),
    less_equal: binary('less_equal', lessEqual),
    negative: unarySame('negative', neg),
    abs: unarySame('abs', abs),
    absolute: unarySame('absolute', abs),
    square: unarySame('square', square),
    sign: unarySame('sign', sign),
    exp: unaryFloat('exp', exp),
    expm1: unaryFloat('expm1', expm1),
    log: unaryFloat('log', log),
    log1p: unaryFloat('log1p', log1p),
    sqrt: unaryFloat('sqrt', sqrt),
    sin: unaryFloat('sin', sin),
    cos: unaryFloat('cos', cos),
    tan: unaryFloat('tan', tan),
    sinh: unaryFloat('sinh', sinh),
    cosh: unaryFloat('cosh', cosh),
    tanh: unaryFloat('tanh', tanh),
    floor: unaryFloat('floor', floor),
    ceil: unaryFloat('ceil', ceil),
    around: def('around(a, decimals=0)', (a) => {
      if (intArg(a.decimals) !== 0) throw pyError(TypeError, 'around: decimals other than 0 are not supported');
      const x = arr(a.a);
      return W(KIND[x.dtype] < 2 ? x : round(x));
    }),
    allclose: def('allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)', (a) => {
      const [x, y] = tnpPromote(a.a, a.b);
      const f = toFloat(x);
      const g = toFloat(y);
      const tol = add(tnpArray(numberArg(a.atol), f.dtype), mul(tnpArray(numberArg(a.rtol), f.dtype), abs(g)));
      return W(reduceAll(lessEqual(abs(sub(f, g)), tol)));
    }),
    shape: def('shape(a)', (a) => new PyTuple(arr(a.a).shape.map((d) => BigInt(d)))),
    ndim: def('ndim(a)', (a) => BigInt(arr(a.a).rank)),
    size: def('size(x, axis=None)', (a) => BigInt(arr(a.x).size)),
    random: tnpRandomModule(),
  };
  return nativeModule('tensorflow.experimental.numpy', m);
}
