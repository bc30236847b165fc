/**
 * Every registered op, walked from the registry: each has a display record (the TensorFlow function that makes it),
 * and each op with a VJP is gradient-checked in float64 against central differences, to second order. A new op
 * fails here until it has both: a display record in its definition and an entry in `CHECKS` below.
 */
import { describe, expect, it } from 'vitest';
import '../../src/engine/modules/index';
import { recordCustomGradient } from '../../src/engine/autodiff/customGradient';
import { checkGrads, type Fn } from '../../src/engine/autodiff/gradcheck';
import { GradientTape } from '../../src/engine/autodiff/tape';
import { broadcastTo, concat, pad, reshape, slice } from '../../src/engine/ops/array';
import { where } from '../../src/engine/ops/compare';
import { eye } from '../../src/engine/ops/create';
import { apiName } from '../../src/engine/ops/display';
import { gather, gatherNd, scatterNd, scatterRows } from '../../src/engine/ops/gather';
import { diag, diagPart, inv, matmul, solve } from '../../src/engine/ops/linalg';
import {
  bandPart,
  cholesky,
  det,
  eigvalsh,
  qr,
  setDiag,
  singularValues,
  slogdetOf,
  triangularSolve,
} from '../../src/engine/ops/linalgDecomp';
import {
  l2Loss,
  softmaxCrossEntropyWithLogits,
  sparseSoftmaxCrossEntropyWithLogits,
} from '../../src/engine/ops/losses';
import { add, addN, identity, mul } from '../../src/engine/ops/math';
import { logSoftmax, softmax } from '../../src/engine/ops/nn';
import { reduceMax, reduceMean, reduceMin, reduceProd, reduceSum } from '../../src/engine/ops/reduce';
import { apply, NO_ATTRS, type OpDef, opName, registeredOps } from '../../src/engine/ops/registry';
import { cumprod, cumsum } from '../../src/engine/ops/scan';
import { tensorScatterAdd, tensorScatterSub, tensorScatterUpdate } from '../../src/engine/ops/scatter';
import { segmentOp, unsortedSegmentOp } from '../../src/engine/ops/segment';
import { expandDims, reverse, squeeze, stack, tile, transpose } from '../../src/engine/ops/shape';
import { resolveStridedSlice, type SliceItem, stridedSlice } from '../../src/engine/ops/slice';
import { topK } from '../../src/engine/ops/sort';
import { square } from '../../src/engine/ops/unary';
import { constant } from '../../src/engine/tensor/convert';
import { Tensor, Variable } from '../../src/engine/tensor/tensor';
import { f64 } from './helpers';

const OPS = new Map(registeredOps().map((op) => [op.name, op]));
const op = (name: string): OpDef<any> => {
  const o = OPS.get(name);
  if (!o) throw new Error(`no op ${name}`);
  return o;
};
/** The op applied to the inputs as they are (elementwise ops and TF's gradient kernels take no attributes). */
const direct =
  (name: string, attrs: unknown = NO_ATTRS): Fn =>
  (xs) =>
    apply(op(name), xs, attrs);

/** A float64 tensor with these values. */
const t64 = (values: number[], shape = [values.length]) => new Tensor('float64', shape, Float64Array.from(values));
/** Values with |x| in [lo, hi], alternating signs (away from the kinks at 0). */
const signed = (shape: number[], seed: number, lo = 0.3, hi = 1.5) => {
  const x = f64(shape, seed, lo, hi);
  const d = x.data as Float64Array;
  for (let i = 0; i < d.length; i += 2) d[i] = -d[i];
  return x;
};
/** A well-conditioned 3×3 matrix: 3·I plus values in [0.5, 1.5]. */
const wellConditioned = (seed: number) => {
  const m = f64([3, 3], seed);
  for (let i = 0; i < 3; i++) (m.data as Float64Array)[i * 4] += 3;
  return m;
};
/** A symmetric positive definite matrix from any square X: X Xᵀ + 3I. */
const spd = (x: Tensor): Tensor =>
  add(matmul(x, x, { transposeB: true }), mul(eye(x.shape[0], null, [], 'float64'), 3));
/** A symmetric matrix from any square X: X + Xᵀ. */
const sym = (x: Tensor): Tensor => add(x, transpose(x));
/** A 3×3 matrix whose symmetric part X + Xᵀ has well separated eigenvalues. */
const spread = (seed: number): Tensor => {
  const m = f64([3, 3], seed, -0.3, 0.3);
  for (let i = 0; i < 3; i++) (m.data as Float64Array)[i * 4] += i;
  return m;
};
/** One SVD factor as an op (the Python API shows it as an unknown: its signs are the solver's choice). */
const svdFactor = (name: string, a: Tensor, full: boolean): Tensor => apply(op(name), [a], { full, computeUv: true });
const cond23 = constant([
  [true, false, true],
  [false, false, true],
]);
/** Labels for the cross-entropies: each row a probability distribution. */
const probs23 = t64([0.2, 0.3, 0.5, 0.6, 0.1, 0.3], [2, 3]);
const spec: SliceItem[] = [
  { kind: 'slice', start: 1, stop: null, step: null },
  { kind: 'slice', start: null, stop: null, step: 2 },
];

interface Check {
  /** A function of float64 inputs that runs the op (the test checks the op is on its tape). */
  f: Fn;
  inputs: () => Tensor[];
  /** Checked to first order only, for the reason given. */
  firstOrderOnly?: string;
}

const unary = (name: string, x: () => Tensor): Check => ({ f: direct(name), inputs: () => [x()] });
const binary = (name: string, a: () => Tensor, b: () => Tensor): Check => ({
  f: direct(name),
  inputs: () => [a(), b()],
});
const positive = (shape: number[], seed: number) => () => f64(shape, seed);
const around0 = (shape: number[], seed: number, lo?: number, hi?: number) => () => signed(shape, seed, lo, hi);

/** One entry per op with a VJP, by op type. */
const CHECKS: Record<string, Check> = {
  // arithmetic, broadcasting where the op does
  AddV2: binary('AddV2', positive([2, 3], 1), positive([3], 2)),
  Sub: binary('Sub', positive([2, 1], 3), positive([1, 3], 4)),
  Mul: binary('Mul', positive([2, 3], 5), positive([3], 6)),
  RealDiv: binary('RealDiv', positive([2, 3], 7), positive([2, 1], 8)),
  DivNoNan: binary('DivNoNan', positive([2, 3], 9), positive([2, 3], 10)),
  Pow: binary('Pow', positive([2, 3], 11), () => f64([3], 12, 0.5, 2.5)),
  Maximum: binary('Maximum', positive([2, 3], 13), positive([3], 14)),
  Minimum: binary('Minimum', positive([2, 3], 15), positive([1, 3], 16)),
  SquaredDifference: binary('SquaredDifference', positive([2, 3], 17), positive([3], 18)),
  FloorMod: binary(
    'FloorMod',
    () => t64([2.3, -3.7, 4.1]),
    () => t64([0.9, 1.1, -1.3]),
  ),
  Xdivy: binary('Xdivy', positive([3], 19), positive([3], 20)),
  Xlogy: binary('Xlogy', positive([2, 3], 21), positive([3], 22)),
  AddN: { f: ([a, b]) => addN([a, mul(b, b), a]), inputs: () => [f64([2, 2], 23), f64([2, 2], 24)] },
  Neg: unary('Neg', around0([4], 25)),
  Identity: { f: ([a]) => identity(a), inputs: () => [f64([3], 26)] },
  Cast: { f: direct('Cast', { to: 'float64' }), inputs: () => [f64([3], 27)] },
  SelectV2: { f: ([a, b]) => where(cond23, mul(a, a), b), inputs: () => [f64([2, 3], 28), f64([3], 29)] },
  // unary math
  Abs: unary('Abs', around0([5], 30)),
  Sign: { f: ([a]) => mul(apply(op('Sign'), [a], NO_ATTRS), a), inputs: () => [signed([4], 31)] },
  Square: unary('Square', around0([4], 32)),
  Reciprocal: unary('Reciprocal', around0([4], 33)),
  Sqrt: unary('Sqrt', positive([4], 34)),
  Rsqrt: unary('Rsqrt', positive([4], 35)),
  Exp: unary('Exp', around0([4], 36)),
  Expm1: unary('Expm1', around0([4], 37)),
  Log: unary('Log', positive([4], 38)),
  Log1p: unary('Log1p', around0([4], 39, 0.1, 0.8)),
  Sin: unary('Sin', around0([4], 40)),
  Cos: unary('Cos', around0([4], 41)),
  Tan: unary('Tan', around0([4], 42, 0.1, 1.2)),
  Asin: unary('Asin', around0([4], 43, 0.1, 0.8)),
  Acos: unary('Acos', around0([4], 44, 0.1, 0.8)),
  Atan: unary('Atan', around0([4], 45)),
  Sinh: unary('Sinh', around0([4], 46)),
  Cosh: unary('Cosh', around0([4], 47)),
  Tanh: unary('Tanh', around0([4], 48)),
  Erf: unary('Erf', around0([6], 49, 0.1, 2.5)),
  // activations
  Sigmoid: unary('Sigmoid', around0([5], 50, 0.1, 3)),
  Softplus: unary('Softplus', around0([5], 51, 0.1, 3)),
  Softsign: {
    ...unary('Softsign', around0([5], 52)),
    firstOrderOnly: 'its gradient is SoftsignGrad, for which TF registers no gradient',
  },
  Relu: { f: ([a]) => mul(apply(op('Relu'), [a], NO_ATTRS), a), inputs: () => [signed([6], 53)] },
  Relu6: { f: ([a]) => mul(apply(op('Relu6'), [a], NO_ATTRS), a), inputs: () => [t64([-1.2, 0.7, 3.3, 5.5, 6.8])] },
  LeakyRelu: { f: ([a]) => mul(apply(op('LeakyRelu'), [a], { alpha: 0.2 }), a), inputs: () => [signed([6], 54)] },
  Elu: unary('Elu', around0([6], 55)),
  Selu: unary('Selu', around0([6], 56)),
  Softmax: { f: ([a]) => softmax(a), inputs: () => [f64([2, 3], 57)] },
  LogSoftmax: { f: ([a]) => logSoftmax(a), inputs: () => [f64([2, 3], 58)] },
  // TF's gradient kernels: (y or g, g or features) pairs, the discontinuous ones away from their steps
  SigmoidGrad: binary('SigmoidGrad', () => f64([4], 60, 0.1, 0.9), around0([4], 61)),
  TanhGrad: binary('TanhGrad', () => signed([4], 62, 0.1, 0.9), around0([4], 63)),
  SqrtGrad: binary('SqrtGrad', positive([4], 64), around0([4], 65)),
  RsqrtGrad: binary('RsqrtGrad', positive([4], 66), around0([4], 67)),
  ReciprocalGrad: binary('ReciprocalGrad', around0([4], 68), around0([4], 69)),
  ReluGrad: binary('ReluGrad', around0([4], 70), around0([4], 71)),
  Relu6Grad: binary('Relu6Grad', around0([5], 72), () => t64([-1.2, 0.7, 3.3, 5.5, 6.8])),
  LeakyReluGrad: { f: direct('LeakyReluGrad', { alpha: 0.2 }), inputs: () => [signed([4], 73), signed([4], 74)] },
  EluGrad: binary('EluGrad', around0([4], 75), around0([4], 76)),
  SeluGrad: binary('SeluGrad', around0([4], 77), around0([4], 78)),
  // reductions and scans (distinct values: max and min have no ties)
  Sum: { f: ([a]) => reduceSum(mul(a, a), 1), inputs: () => [f64([2, 3], 80)] },
  Mean: { f: ([a]) => reduceMean(mul(a, a), 0), inputs: () => [f64([2, 3], 81)] },
  Prod: { f: ([a]) => reduceProd(a, 1), inputs: () => [f64([2, 3], 82)] },
  Max: { f: ([a]) => mul(reduceMax(a, 1, true), a), inputs: () => [f64([2, 3], 83)] },
  Min: { f: ([a]) => mul(reduceMin(a, 0, true), a), inputs: () => [f64([2, 3], 84)] },
  Cumsum: { f: ([a]) => mul(cumsum(a, 1), a), inputs: () => [f64([2, 3], 85)] },
  Cumprod: { f: ([a]) => cumprod(a, 1), inputs: () => [f64([2, 3], 86)] },
  // shapes
  Reshape: { f: ([a]) => mul(reshape(a, [3, 2]), reshape(a, [3, 2])), inputs: () => [f64([2, 3], 90)] },
  BroadcastTo: { f: ([a]) => mul(broadcastTo(a, [2, 3]), broadcastTo(a, [2, 3])), inputs: () => [f64([3], 91)] },
  ExpandDims: { f: ([a]) => mul(expandDims(a, 1), expandDims(a, 1)), inputs: () => [f64([3], 92)] },
  Squeeze: { f: ([a]) => mul(squeeze(a, 1), squeeze(a, 1)), inputs: () => [f64([2, 1, 3], 93)] },
  Transpose: { f: ([a, b]) => mul(transpose(a), b), inputs: () => [f64([2, 3], 94), f64([3, 2], 95)] },
  ConcatV2: {
    f: ([a, b]) => mul(concat([a, b], 1), concat([b, a], 1)),
    inputs: () => [f64([2, 2], 96), f64([2, 2], 97)],
  },
  Pack: { f: ([a, b]) => mul(stack([a, b], 1), stack([b, a], 1)), inputs: () => [f64([3], 98), f64([3], 99)] },
  Tile: { f: ([a]) => mul(tile(a, [2, 1]), tile(a, [2, 1])), inputs: () => [f64([2, 3], 100)] },
  ReverseV2: { f: ([a, b]) => mul(reverse(a, 1), b), inputs: () => [f64([2, 3], 101), f64([2, 3], 102)] },
  Slice: { f: ([a]) => mul(slice(a, [1, 0], [2, 3]), slice(a, [0, 1], [2, 3])), inputs: () => [f64([3, 4], 103)] },
  Pad: {
    f: ([a]) =>
      mul(
        pad(a, [
          [1, 0],
          [0, 2],
        ]),
        3,
      ),
    inputs: () => [f64([2, 3], 104)],
  },
  PadV2: {
    f: ([a]) =>
      mul(
        pad(
          a,
          [
            [1, 0],
            [0, 2],
          ],
          'CONSTANT',
          1.5,
        ),
        pad(a, [
          [1, 0],
          [0, 2],
        ]),
      ),
    inputs: () => [f64([2, 3], 105)],
  },
  StridedSlice: { f: ([a]) => mul(stridedSlice(a, spec), stridedSlice(a, spec)), inputs: () => [f64([3, 4], 106)] },
  StridedSliceGrad: {
    f: direct('StridedSliceGrad', { ...resolveStridedSlice([3, 4], spec), input: [3, 4] }),
    inputs: () => [f64([2, 2], 107)],
  },
  // gathers and scatters, with valid integer indices
  GatherV2: {
    f: ([a]) => mul(gather(a, constant([2n, 0n, 2n])), gather(a, constant([1n, 1n, 0n]))),
    inputs: () => [f64([3, 2], 110)],
  },
  GatherNd: {
    f: ([a]) =>
      mul(
        gatherNd(
          a,
          constant([
            [1n, 0n],
            [2n, 1n],
            [1n, 0n],
          ]),
        ),
        2,
      ),
    inputs: () => [f64([3, 2], 111)],
  },
  UnsortedSegmentSum: {
    f: ([a]) => mul(scatterRows(a, constant([3n, 0n, 3n]), [4, 2]), 2),
    inputs: () => [f64([3, 2], 112)],
  },
  SegmentSum: { f: ([a]) => square(segmentOp('sum', a, constant([0n, 0n, 2n]))), inputs: () => [f64([3, 2], 150)] },
  SegmentMean: { f: ([a]) => square(segmentOp('mean', a, constant([0n, 0n, 1n]))), inputs: () => [f64([3, 2], 151)] },
  SegmentMax: { f: ([a]) => square(segmentOp('max', a, constant([0n, 0n, 2n]))), inputs: () => [f64([3, 2], 152)] },
  SegmentMin: { f: ([a]) => square(segmentOp('min', a, constant([0n, 1n, 1n]))), inputs: () => [f64([3, 2], 153)] },
  SegmentProd: { f: ([a]) => square(segmentOp('prod', a, constant([0n, 0n, 0n]))), inputs: () => [f64([3, 2], 154)] },
  UnsortedSegmentMax: {
    f: ([a]) => square(unsortedSegmentOp('max', a, constant([1n, -1n, 2n, 0n, 2n]), 3)),
    inputs: () => [f64([5, 2], 155)],
  },
  UnsortedSegmentMin: {
    f: ([a]) =>
      square(
        unsortedSegmentOp(
          'min',
          a,
          constant([
            [1n, 0n],
            [1n, 1n],
          ]),
          2,
        ),
      ),
    inputs: () => [f64([2, 2, 3], 156)],
  },
  UnsortedSegmentProd: {
    f: ([a]) => square(unsortedSegmentOp('prod', a, constant([1n, 0n, 1n, -1n]), 2)),
    inputs: () => [f64([4, 2], 157)],
  },
  TopKV2: { f: ([a]) => square(topK(a, 2)[0]), inputs: () => [f64([3, 4], 158)] },
  ScatterNd: { f: ([a]) => mul(scatterNd(constant([[1n], [3n]]), a, [4, 3]), 2), inputs: () => [f64([2, 3], 113)] },
  TensorScatterUpdate: {
    f: ([t, u]) => mul(tensorScatterUpdate(t, constant([[1n], [3n]]), u), t),
    inputs: () => [f64([4, 3], 114), f64([2, 3], 115)],
  },
  TensorScatterAdd: {
    f: ([t, u]) => mul(tensorScatterAdd(t, constant([[1n], [1n]]), u), t),
    inputs: () => [f64([4, 3], 116), f64([2, 3], 117)],
  },
  TensorScatterSub: {
    f: ([t, u]) => mul(tensorScatterSub(t, constant([[0n], [2n]]), u), t),
    inputs: () => [f64([4, 3], 118), f64([2, 3], 119)],
  },
  // linear algebra
  MatMul: { f: ([a, b]) => matmul(a, b), inputs: () => [f64([2, 3], 120), f64([3, 2], 121)] },
  BatchMatMulV2: { f: ([a, b]) => matmul(a, b), inputs: () => [f64([2, 2, 3], 122), f64([2, 3, 2], 123)] },
  MatrixDiagV3: { f: ([a]) => mul(diag(a), diag(a)), inputs: () => [f64([3], 124)] },
  MatrixDiagPartV3: { f: ([a]) => mul(diagPart(a), diagPart(a)), inputs: () => [f64([3, 3], 125)] },
  MatrixInverse: { f: ([a]) => inv(a), inputs: () => [wellConditioned(126)] },
  MatrixSolve: { f: ([a, b]) => solve(a, b), inputs: () => [wellConditioned(127), f64([3, 2], 128)] },
  // decompositions: symmetric inputs are built as X + Xᵀ or X Xᵀ + 3I, since the kernels read one triangle
  MatrixDeterminant: { f: ([a]) => det(a), inputs: () => [wellConditioned(150)] },
  LogMatrixDeterminant: { f: ([a]) => slogdetOf(a)[1], inputs: () => [wellConditioned(151)] },
  LogMatrixDeterminantSign: { f: ([a]) => mul(slogdetOf(a)[0], a), inputs: () => [wellConditioned(152)] },
  Cholesky: { f: ([x]) => cholesky(spd(x)), inputs: () => [f64([3, 3], 153)] },
  MatrixTriangularSolve: {
    f: ([a, b]) => add(triangularSolve(a, b, true, false), triangularSolve(a, b, false, true)),
    inputs: () => [wellConditioned(154), f64([2, 3, 2], 155)],
  },
  MatrixBandPart: { f: ([a]) => mul(bandPart(a, 1, 0), a), inputs: () => [f64([2, 3, 4], 156)] },
  MatrixSetDiagV3: { f: ([a, d]) => mul(setDiag(a, d), a), inputs: () => [f64([3, 2], 157), f64([2], 158)] },
  Qr: {
    f: ([a, b]) => add(reduceSum(qr(a)[0]), reduceSum(square(qr(b, true)[0]))),
    inputs: () => [f64([4, 3], 159), f64([2, 3], 166)],
  },
  QrR: { f: ([a]) => mul(qr(a)[1], qr(a)[1]), inputs: () => [f64([3, 4], 160)] },
  SelfAdjointEigV2: { f: ([x]) => mul(eigvalsh(sym(x)), eigvalsh(sym(x))), inputs: () => [spread(161)] },
  SelfAdjointEigV2Vectors: {
    // Squares: each column's sign is the solver's choice.
    f: ([x]) => square(apply(op('SelfAdjointEigV2Vectors'), [sym(x)], NO_ATTRS)),
    inputs: () => [spread(162)],
  },
  Svd: { f: ([a]) => mul(singularValues(a), singularValues(a)), inputs: () => [f64([3, 2], 163)] },
  SvdU: {
    f: ([a]) => add(square(svdFactor('SvdU', a, false)), reduceSum(square(svdFactor('SvdU', a, true)))),
    inputs: () => [f64([2, 3], 164)],
  },
  SvdV: { f: ([a]) => square(svdFactor('SvdV', a, false)), inputs: () => [f64([4, 3], 165)] },
  // losses
  L2Loss: { f: ([a]) => l2Loss(a), inputs: () => [signed([2, 3], 130)] },
  SoftmaxCrossEntropyWithLogits: {
    // Only the logits vary: what reaches the labels through the op's second output is zeros in TF too.
    f: ([logits]) => softmaxCrossEntropyWithLogits(probs23, logits),
    inputs: () => [signed([2, 3], 132)],
  },
  SoftmaxCrossEntropyWithLogitsBackprop: {
    // Only the logits: the labels' gradient through this output is zeros in TF too (its grad-of-grad branch).
    f: ([logits]) => apply(op('SoftmaxCrossEntropyWithLogitsBackprop'), [logits, probs23], NO_ATTRS),
    inputs: () => [signed([2, 3], 133)],
  },
  SparseSoftmaxCrossEntropyWithLogits: {
    f: ([logits]) => sparseSoftmaxCrossEntropyWithLogits(constant([2n, 0n]), logits),
    inputs: () => [signed([2, 3], 134)],
  },
  SparseSoftmaxCrossEntropyWithLogitsBackprop: {
    f: ([logits]) => apply(op('SparseSoftmaxCrossEntropyWithLogitsBackprop'), [logits, constant([1n, 2n])], NO_ATTRS),
    inputs: () => [signed([2, 3], 135)],
  },
  // the engine's own: variable reads and tf.custom_gradient (here with the true derivative of x³)
  ReadVariableOp: {
    f: ([h]) => mul(apply(op('ReadVariableOp'), [h], { variable: new Variable(h, true, 'v') }), h),
    inputs: () => [f64([3], 140)],
  },
  CustomGradient: {
    f: ([x]) => recordCustomGradient([x], mul(mul(x, x), x), (g) => [mul(g, mul(mul(x, x), 3))]),
    inputs: () => [signed([3], 141)],
  },
};

const withVjp = registeredOps().filter((o) => typeof o.vjp === 'function');

describe('the op registry', () => {
  it('every registered op has a display record naming the TensorFlow function that makes it', () => {
    const missing = registeredOps()
      .filter((o) => !o.display || !/^tf(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(o.display.api))
      .map((o) => o.name);
    expect(missing).toEqual([]);
  });

  it('every op with a VJP has a gradient check below, and every check names such an op', () => {
    expect(withVjp.map((o) => o.name).filter((n) => !(n in CHECKS))).toEqual([]);
    expect(Object.keys(CHECKS).filter((n) => typeof OPS.get(n)?.vjp !== 'function')).toEqual([]);
  });

  it('names each op by its TensorFlow function', () => {
    expect(
      ['Sum', 'Mul', 'AddV2', 'MatMul', 'BatchMatMulV2', 'RealDiv', 'ReadVariableOp', 'TanhGrad'].map((n) =>
        opName(op(n)),
      ),
    ).toEqual(['reduce_sum', 'multiply', 'add', 'matmul', 'matmul', 'divide', 'read_value', 'TanhGrad']);
    expect(apiName({ api: 'tf.math.reduce_sum' })).toBe('reduce_sum');
  });
});

describe('every op with a VJP against finite differences (float64, orders 1 and 2)', () => {
  for (const o of withVjp) {
    const check = CHECKS[o.name];
    if (!check) continue;
    it(check.firstOrderOnly ? `${o.name} (first order: ${check.firstOrderOnly})` : o.name, () => {
      const xs = check.inputs();
      expect(recordedOps(check.f, xs)).toContain(o.name);
      checkGrads(check.f, xs, { order: check.firstOrderOnly ? 1 : 2 });
    });
  }
  it('the second-order check of Softsign fails as TF does', () => {
    const c = CHECKS.Softsign;
    expect(() => checkGrads(c.f, c.inputs(), { order: 2 })).toThrow('gradient registry has no entry for: SoftsignGrad');
  });
});

/** The op types a tape watching `xs` records while `f` runs. */
function recordedOps(f: Fn, xs: Tensor[]): string[] {
  const tape = new GradientTape(false);
  tape.enter();
  try {
    for (const x of xs) tape.watch(x);
    f(xs);
  } finally {
    tape.exit();
  }
  return tape.history.map((n) => n.op.name);
}
