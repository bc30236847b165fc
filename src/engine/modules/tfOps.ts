/**
 * The `tf.*` functions that wrap engine ops, with TF's Python names, argument names and defaults. Namespaces
 * (`tf`, `tf.math`, `tf.nn`, `tf.linalg`, `tf.random`) pick from this table in `tensorflow.ts`.
 */

import { elu, gelu, leakyRelu, relu, relu6, selu, sigmoid, softplus, softsign } from '../ops/activations';
import { broadcastTo, concat, fill, ones, pad, reshape, slice, zeros } from '../ops/array';
import { clipByNorm, clipByValue } from '../ops/clip';
import {
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  notEqual,
  where,
} from '../ops/compare';
import { eye, linspace, oneHot, range } from '../ops/create';
import { einsum } from '../ops/einsum';
import { gather, gatherNd } from '../ops/gather';
import { diag, diagPart, inv, matmul, matvec, type NormOrd, norm, solve, tensordot, trace } from '../ops/linalg';
import {
  l2Loss,
  sigmoidCrossEntropyWithLogits,
  softmaxCrossEntropyWithLogits,
  sparseSoftmaxCrossEntropyWithLogits,
} from '../ops/losses';
import {
  add,
  addN,
  cast,
  divide,
  divNoNan,
  floordiv,
  floormod,
  identity,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  realdiv,
  squaredDifference,
  stopGradient,
  sub,
  truediv,
  xlogy,
} from '../ops/math';
import { dropout, logSoftmax, moments, softmax } from '../ops/nn';
import { randomNormal, randomUniform, setSeed, shuffle, truncatedNormal } from '../ops/random';
import {
  argMax,
  argMin,
  reduceAll,
  reduceAny,
  reduceLogSumExp,
  reduceMax,
  reduceMean,
  reduceMin,
  reduceProd,
  reduceStd,
  reduceSum,
  reduceVariance,
} from '../ops/reduce';
import { cumprod, cumsum } from '../ops/scan';
import { expandDims, rank, reverse, shape, size, split, squeeze, stack, tile, transpose, unstack } from '../ops/shape';
import {
  abs,
  acos,
  asin,
  atan,
  ceil,
  cos,
  cosh,
  erf,
  exp,
  expm1,
  floor,
  isFinite,
  isInf,
  isNan,
  log,
  log1p,
  reciprocal,
  rint,
  round,
  rsqrt,
  sign,
  sin,
  sinh,
  sqrt,
  square,
  tan,
  tanh,
} from '../ops/unary';
import { pyError, TypeError } from '../python/exceptions';
import { pyStr } from '../python/format';
import { def } from '../python/native';
import { PyList, type PyNativeFunction, PyTuple, type PyValue, typeName } from '../python/values';
import type { Tensor } from '../tensor/tensor';
import { wrapTensor } from './boxes';
import { axisArg, boolArg, dtypeArg, intArg, isTensorish, numberArg, operandLike, shapeArg, toTensor } from './convert';

const T = (v: PyValue) => toTensor(v);
const W = wrapTensor;
const list = (v: PyValue): PyValue[] => (v instanceof PyList || v instanceof PyTuple ? [...v.items] : [v]);
const seedArg = (v: PyValue) => (v === null ? undefined : BigInt(intArg(v, 'seed')));
const optDType = (v: PyValue) => dtypeArg(v);

/** Operands of a binary op function: a Python operand takes the tensor operand's dtype (op type inference). */
function pair(a: PyValue, b: PyValue): [Tensor, Tensor] {
  if (isTensorish(a)) {
    const x = T(a);
    return [x, operandLike(b, x.dtype)];
  }
  if (isTensorish(b)) {
    const y = T(b);
    return [operandLike(a, y.dtype), y];
  }
  const x = T(a);
  return [x, operandLike(b, x.dtype)];
}

const binary = (name: string, f: (a: Tensor, b: Tensor) => Tensor, x = 'x', y = 'y') =>
  def(`${name}(${x}, ${y}, name=None)`, (a) => W(f(...pair(a[x], a[y]))));
const unaryFn = (name: string, f: (x: Tensor) => Tensor, x = 'x') =>
  def(`${name}(${x}, name=None)`, (a) => W(f(T(a[x]))));
const reduction = (name: string, f: (x: Tensor, axis: number | number[] | undefined, keep: boolean) => Tensor) =>
  def(`${name}(input_tensor, axis=None, keepdims=False, name=None)`, (a) =>
    W(f(T(a.input_tensor), axisArg(a.axis), boolArg(a.keepdims))),
  );

export const OPS: Record<string, PyNativeFunction> = {
  // creation
  constant: def('constant(value, dtype=None, shape=None, name=None)', (a) => {
    const t = toTensor(a.value, optDType(a.dtype));
    return W(
      a.shape === null
        ? t
        : t.size === 1
          ? broadcastTo(reshape(t, []), shapeArg(a.shape))
          : reshape(t, shapeArg(a.shape)),
    );
  }),
  convert_to_tensor: def('convert_to_tensor(value, dtype=None, dtype_hint=None, name=None)', (a) =>
    W(toTensor(a.value, optDType(a.dtype))),
  ),
  zeros: def("zeros(shape, dtype='float32', name=None)", (a) => W(zeros(shapeArg(a.shape), optDType(a.dtype)))),
  ones: def("ones(shape, dtype='float32', name=None)", (a) => W(ones(shapeArg(a.shape), optDType(a.dtype)))),
  zeros_like: def('zeros_like(input, dtype=None, name=None)', (a) => {
    const t = T(a.input);
    return W(zeros(t.shape, optDType(a.dtype) ?? t.dtype));
  }),
  ones_like: def('ones_like(input, dtype=None, name=None)', (a) => {
    const t = T(a.input);
    return W(ones(t.shape, optDType(a.dtype) ?? t.dtype));
  }),
  fill: def('fill(dims, value, name=None)', (a) => {
    const v = T(a.value);
    return W(fill(shapeArg(a.dims), v.data[0] as number, v.dtype));
  }),
  eye: def("eye(num_rows, num_columns=None, batch_shape=None, dtype='float32', name=None)", (a) =>
    W(
      eye(
        intArg(a.num_rows),
        a.num_columns === null ? null : intArg(a.num_columns),
        a.batch_shape === null ? [] : shapeArg(a.batch_shape),
        optDType(a.dtype),
      ),
    ),
  ),
  range: def('range(start, limit=None, delta=1, dtype=None, name=None)', (a) =>
    W(range(T(a.start), a.limit === null ? null : T(a.limit), T(a.delta), optDType(a.dtype))),
  ),
  linspace: def('linspace(start, stop, num, name=None, axis=0)', (a) =>
    W(linspace(T(a.start), T(a.stop), intArg(a.num), intArg(a.axis))),
  ),
  one_hot: def('one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None)', (a) =>
    W(
      oneHot(T(a.indices), intArg(a.depth), {
        onValue: a.on_value === null ? undefined : T(a.on_value),
        offValue: a.off_value === null ? undefined : T(a.off_value),
        axis: a.axis === null ? -1 : intArg(a.axis),
        dtype: optDType(a.dtype),
      }),
    ),
  ),
  // shape
  reshape: def('reshape(tensor, shape, name=None)', (a) => W(reshape(T(a.tensor), shapeArg(a.shape)))),
  transpose: def('transpose(a, perm=None, conjugate=False, name=None)', (a) =>
    W(transpose(T(a.a), a.perm === null ? null : shapeArg(a.perm))),
  ),
  expand_dims: def('expand_dims(input, axis, name=None)', (a) => W(expandDims(T(a.input), intArg(a.axis)))),
  squeeze: def('squeeze(input, axis=None, name=None)', (a) => W(squeeze(T(a.input), axisArg(a.axis)))),
  concat: def('concat(values, axis, name=None)', (a) => W(concat(list(a.values).map(T), intArg(a.axis)))),
  stack: def("stack(values, axis=0, name='stack')", (a) => W(stack(list(a.values).map(T), intArg(a.axis)))),
  unstack: def(
    "unstack(value, num=None, axis=0, name='unstack')",
    (a) => new PyList(unstack(T(a.value), intArg(a.axis)).map(W)),
  ),
  split: def("split(value, num_or_size_splits, axis=0, num=None, name='split')", (a) => {
    const n = a.num_or_size_splits;
    const spec = typeof n === 'bigint' ? Number(n) : shapeArg(n);
    return new PyList(split(T(a.value), spec, intArg(a.axis)).map(W));
  }),
  tile: def('tile(input, multiples, name=None)', (a) => W(tile(T(a.input), shapeArg(a.multiples)))),
  pad: def("pad(tensor, paddings, mode='CONSTANT', constant_values=0, name=None)", (a) =>
    W(pad(T(a.tensor), list(a.paddings).map(shapeArg), pyStr(a.mode), numberArg(a.constant_values))),
  ),
  broadcast_to: def('broadcast_to(input, shape, name=None)', (a) => W(broadcastTo(T(a.input), shapeArg(a.shape)))),
  reverse: def('reverse(tensor, axis, name=None)', (a) => W(reverse(T(a.tensor), shapeArg(a.axis)))),
  slice: def('slice(input_, begin, size, name=None)', (a) =>
    W(slice(T(a.input_), shapeArg(a.begin), shapeArg(a.size))),
  ),
  gather: def('gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None)', (a) =>
    W(gather(T(a.params), T(a.indices), a.axis === null ? 0 : intArg(a.axis), intArg(a.batch_dims))),
  ),
  gather_nd: def('gather_nd(params, indices, batch_dims=0, name=None)', (a) => W(gatherNd(T(a.params), T(a.indices)))),
  shape: def("shape(input, out_type='int32', name=None)", (a) => W(shape(T(a.input), optDType(a.out_type)))),
  size: def("size(input, out_type='int32', name=None)", (a) => W(size(T(a.input), optDType(a.out_type)))),
  rank: def('rank(input, name=None)', (a) => W(rank(T(a.input)))),
  where: def('where(condition, x=None, y=None, name=None)', (a) => {
    if (a.x === null && a.y === null) return W(where(T(a.condition)));
    const [x, y] = pair(a.x, a.y);
    return W(where(T(a.condition), x, y));
  }),
  cast: def('cast(x, dtype, name=None)', (a) => W(cast(T(a.x), optDType(a.dtype) ?? 'float32'))),
  identity: unaryFn('identity', identity, 'input'),
  stop_gradient: unaryFn('stop_gradient', stopGradient, 'input'),
  // arithmetic
  add: binary('add', add),
  subtract: binary('subtract', sub),
  multiply: binary('multiply', mul),
  divide: binary('divide', divide),
  truediv: binary('truediv', truediv),
  realdiv: binary('realdiv', realdiv),
  floordiv: binary('floordiv', floordiv),
  floormod: binary('floormod', floormod),
  mod: binary('mod', floormod),
  pow: binary('pow', pow),
  maximum: binary('maximum', maximum),
  minimum: binary('minimum', minimum),
  squared_difference: binary('squared_difference', squaredDifference),
  divide_no_nan: binary('divide_no_nan', divNoNan),
  xlogy: binary('xlogy', xlogy),
  add_n: def('add_n(inputs, name=None)', (a) => W(addN(list(a.inputs).map(T)))),
  negative: unaryFn('negative', neg),
  abs: unaryFn('abs', abs),
  sign: unaryFn('sign', sign),
  square: unaryFn('square', square),
  sqrt: unaryFn('sqrt', sqrt),
  rsqrt: unaryFn('rsqrt', rsqrt),
  reciprocal: unaryFn('reciprocal', reciprocal),
  exp: unaryFn('exp', exp),
  expm1: unaryFn('expm1', expm1),
  log: unaryFn('log', log),
  log1p: unaryFn('log1p', log1p),
  sin: unaryFn('sin', sin),
  cos: unaryFn('cos', cos),
  tan: unaryFn('tan', tan),
  asin: unaryFn('asin', asin),
  acos: unaryFn('acos', acos),
  atan: unaryFn('atan', atan),
  sinh: unaryFn('sinh', sinh),
  cosh: unaryFn('cosh', cosh),
  tanh: unaryFn('tanh', tanh),
  erf: unaryFn('erf', erf),
  floor: unaryFn('floor', floor),
  ceil: unaryFn('ceil', ceil),
  round: unaryFn('round', round),
  rint: unaryFn('rint', rint),
  is_nan: unaryFn('is_nan', isNan),
  is_inf: unaryFn('is_inf', isInf),
  is_finite: unaryFn('is_finite', isFinite),
  sigmoid: unaryFn('sigmoid', sigmoid),
  softplus: unaryFn('softplus', softplus, 'features'),
  softsign: unaryFn('softsign', softsign, 'features'),
  // comparisons and logic
  equal: binary('equal', equal),
  not_equal: binary('not_equal', notEqual),
  less: binary('less', less),
  less_equal: binary('less_equal', lessEqual),
  greater: binary('greater', greater),
  greater_equal: binary('greater_equal', greaterEqual),
  logical_and: binary('logical_and', logicalAnd),
  logical_or: binary('logical_or', logicalOr),
  logical_xor: binary('logical_xor', logicalXor),
  logical_not: unaryFn('logical_not', logicalNot),
  // reductions
  reduce_sum: reduction('reduce_sum', reduceSum),
  reduce_mean: reduction('reduce_mean', reduceMean),
  reduce_max: reduction('reduce_max', reduceMax),
  reduce_min: reduction('reduce_min', reduceMin),
  reduce_prod: reduction('reduce_prod', reduceProd),
  reduce_all: reduction('reduce_all', reduceAll),
  reduce_any: reduction('reduce_any', reduceAny),
  reduce_logsumexp: reduction('reduce_logsumexp', reduceLogSumExp),
  reduce_variance: reduction('reduce_variance', reduceVariance),
  reduce_std: reduction('reduce_std', reduceStd),
  argmax: def("argmax(input, axis=None, output_type='int64', name=None)", (a) =>
    W(argMax(T(a.input), a.axis === null ? 0 : intArg(a.axis), optDType(a.output_type))),
  ),
  argmin: def("argmin(input, axis=None, output_type='int64', name=None)", (a) =>
    W(argMin(T(a.input), a.axis === null ? 0 : intArg(a.axis), optDType(a.output_type))),
  ),
  cumsum: def('cumsum(x, axis=0, exclusive=False, reverse=False, name=None)', (a) =>
    W(cumsum(T(a.x), intArg(a.axis), boolArg(a.exclusive), boolArg(a.reverse))),
  ),
  cumprod: def('cumprod(x, axis=0, exclusive=False, reverse=False, name=None)', (a) =>
    W(cumprod(T(a.x), intArg(a.axis), boolArg(a.exclusive), boolArg(a.reverse))),
  ),
  // linear algebra
  matmul: def(
    'matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, a_is_sparse=False, b_is_sparse=False, output_type=None, name=None)',
    (a) =>
      W(
        matmul(...pair(a.a, a.b), {
          transposeA: boolArg(a.transpose_a) || boolArg(a.adjoint_a),
          transposeB: boolArg(a.transpose_b) || boolArg(a.adjoint_b),
        }),
      ),
  ),
  matvec: def(
    'matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None)',
    (a) => W(matvec(T(a.a), T(a.b), { transposeA: boolArg(a.transpose_a) || boolArg(a.adjoint_a) })),
  ),
  tensordot: def('tensordot(a, b, axes, name=None)', (a) => {
    const ax = a.axes;
    const spec =
      typeof ax === 'bigint' ? Number(ax) : list(ax).map((x) => (typeof x === 'bigint' ? Number(x) : shapeArg(x)));
    return W(tensordot(T(a.a), T(a.b), spec as never));
  }),
  einsum: def('einsum(equation, *inputs, **kwargs)', (a) => {
    if (typeof a.equation !== 'string') {
      throw pyError(TypeError, `einsum() equation must be a string, not '${typeName(a.equation)}'`);
    }
    return W(einsum(a.equation, ...(a.inputs as PyTuple).items.map(T)));
  }),
  norm: def("norm(tensor, ord='euclidean', axis=None, keepdims=None, name=None)", (a) => {
    const ord = (typeof a.ord === 'string' ? a.ord : numberArg(a.ord)) as NormOrd;
    return W(norm(T(a.tensor), ord, axisArg(a.axis), a.keepdims === null ? false : boolArg(a.keepdims)));
  }),
  trace: unaryFn('trace', trace),
  diag: def("diag(diagonal, name='diag', k=0, num_rows=-1, num_cols=-1, padding_value=0, align='RIGHT_LEFT')", (a) =>
    W(diag(T(a.diagonal), intArg(a.num_rows), intArg(a.num_cols))),
  ),
  diag_part: unaryFn('diag_part', diagPart, 'input'),
  solve: def('solve(matrix, rhs, adjoint=False, name=None)', (a) =>
    W(solve(T(a.matrix), T(a.rhs), boolArg(a.adjoint))),
  ),
  inv: def('inv(input, adjoint=False, name=None)', (a) => W(inv(T(a.input), boolArg(a.adjoint)))),
  // clipping
  clip_by_value: def('clip_by_value(t, clip_value_min, clip_value_max, name=None)', (a) => {
    const t = T(a.t);
    return W(clipByValue(t, operandLike(a.clip_value_min, t.dtype), operandLike(a.clip_value_max, t.dtype)));
  }),
  clip_by_norm: def('clip_by_norm(t, clip_norm, axes=None, name=None)', (a) => {
    const t = T(a.t);
    return W(clipByNorm(t, operandLike(a.clip_norm, t.dtype), axisArg(a.axes)));
  }),
  // nn
  relu: unaryFn('relu', relu, 'features'),
  relu6: unaryFn('relu6', relu6, 'features'),
  elu: unaryFn('elu', elu, 'features'),
  selu: unaryFn('selu', selu, 'features'),
  leaky_relu: def('leaky_relu(features, alpha=0.2, name=None)', (a) => W(leakyRelu(T(a.features), numberArg(a.alpha)))),
  gelu: def('gelu(features, approximate=False, name=None)', (a) => W(gelu(T(a.features), boolArg(a.approximate)))),
  softmax: def('softmax(logits, axis=None, name=None)', (a) =>
    W(softmax(T(a.logits), a.axis === null ? -1 : intArg(a.axis))),
  ),
  log_softmax: def('log_softmax(logits, axis=None, name=None)', (a) =>
    W(logSoftmax(T(a.logits), a.axis === null ? -1 : intArg(a.axis))),
  ),
  sigmoid_cross_entropy_with_logits: def(
    'sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None)',
    (a) => {
      const logits = T(a.logits);
      return W(sigmoidCrossEntropyWithLogits(operandLike(a.labels, logits.dtype), logits));
    },
  ),
  softmax_cross_entropy_with_logits: def(
    'softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None)',
    (a) => {
      const logits = T(a.logits);
      return W(softmaxCrossEntropyWithLogits(operandLike(a.labels, logits.dtype), logits, intArg(a.axis)));
    },
  ),
  sparse_softmax_cross_entropy_with_logits: def(
    'sparse_softmax_cross_entropy_with_logits(labels, logits, name=None)',
    (a) => W(sparseSoftmaxCrossEntropyWithLogits(T(a.labels), T(a.logits))),
  ),
  l2_loss: unaryFn('l2_loss', l2Loss, 't'),
  dropout: def('dropout(x, rate, noise_shape=None, seed=None, name=None)', (a) =>
    W(
      dropout(T(a.x), typeof a.rate === 'number' || typeof a.rate === 'bigint' ? a.rate : T(a.rate), {
        noiseShape: a.noise_shape === null ? undefined : shapeArg(a.noise_shape),
        seed: seedArg(a.seed),
      }),
    ),
  ),
  moments: def('moments(x, axes, shift=None, keepdims=False, name=None)', (a) => {
    const [m, v] = moments(T(a.x), axisArg(a.axes) ?? [], boolArg(a.keepdims));
    return new PyTuple([W(m), W(v)]);
  }),
  // random
  normal: def("normal(shape, mean=0.0, stddev=1.0, dtype='float32', seed=None, name=None)", (a) => {
    const d = optDType(a.dtype) ?? 'float32';
    return W(randomNormal(shapeArg(a.shape), toTensor(a.mean, d), toTensor(a.stddev, d), d, seedArg(a.seed)));
  }),
  uniform: def("uniform(shape, minval=0, maxval=None, dtype='float32', seed=None, name=None)", (a) => {
    const d = optDType(a.dtype) ?? 'float32';
    const mn = typeof a.minval === 'bigint' ? a.minval : toTensor(a.minval, d);
    const mx = a.maxval === null ? null : typeof a.maxval === 'bigint' ? a.maxval : toTensor(a.maxval, d);
    return W(randomUniform(shapeArg(a.shape), mn, mx, d, seedArg(a.seed)));
  }),
  truncated_normal: def("truncated_normal(shape, mean=0.0, stddev=1.0, dtype='float32', seed=None, name=None)", (a) => {
    const d = optDType(a.dtype) ?? 'float32';
    return W(truncatedNormal(shapeArg(a.shape), toTensor(a.mean, d), toTensor(a.stddev, d), d, seedArg(a.seed)));
  }),
  shuffle: def('shuffle(value, seed=None, name=None)', (a) => W(shuffle(T(a.value), seedArg(a.seed)))),
  set_seed: def('set_seed(seed)', (a) => {
    setSeed(a.seed === null ? null : BigInt(intArg(a.seed)));
    return null;
  }),
};
