/**
 * Which ops run on the narrow dtypes (float16, int8, int16, uint8, uint16), checked by `apply` before an op runs.
 * TF's own answer first: the op's allowed types (else TF's InvalidArgumentError) and the dtypes it has a CPU kernel
 * for (else its NotFoundError), as TensorFlow 2.21's op and kernel registries give them. Then the engine's: an op
 * TF computes that the engine does not reproduce for the dtype (an accumulation whose order in half precision is
 * Eigen's, a product past 2^53) is not supported, so its value is unknown rather than a number TF would not give.
 */
import { NotSupported, opError } from '../errors';
import { type DType, kernelTypeName, tfEnumName } from '../tensor/dtype';
import { unsupported } from './define';

/** op → [its type attr, TF's allowed types ('' for any), the narrow dtypes with a CPU kernel ('*' for all)]. */
const TF_KERNELS: Record<string, readonly [string, string, string]> = {
  Equal: ['T', '', 'float16 int8 int16 uint8 uint16'],
  NotEqual: ['T', '', 'float16 int8 int16 uint8 uint16'],
  Less: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  LessEqual: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  Greater: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  GreaterEqual: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  SelectV2: ['T', '', 'float16 int8 int16 uint8 uint16'],
  Where: [
    'T',
    'float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64, bool',
    'float16 int8 int16 uint8 uint16',
  ],
  Abs: ['T', 'bfloat16, half, float, double, int8, int16, int32, int64', 'float16 int8 int16'],
  Sign: ['T', 'bfloat16, half, float, double, int8, int16, int32, int64, complex64, complex128', 'float16 int8 int16'],
  Square: [
    'T',
    'bfloat16, half, float, double, int8, int16, int32, int64, uint8, uint16, uint32, uint64, complex64, complex128',
    'float16 int8 int16 uint8 uint16',
  ],
  ReciprocalGrad: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Reciprocal: ['T', 'bfloat16, half, float, double, int8, int16, int32, int64, complex64, complex128', 'float16'],
  SqrtGrad: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Sqrt: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  RsqrtGrad: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Rsqrt: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Exp: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Expm1: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Log: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Log1p: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Sin: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Cos: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Tan: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Asin: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Acos: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16 int8 int16'],
  Atan: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Sinh: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Cosh: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  TanhGrad: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Tanh: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Erf: ['T', 'bfloat16, half, float, double', 'float16'],
  Floor: ['T', 'bfloat16, half, float, double', 'float16'],
  Ceil: ['T', 'bfloat16, half, float, double', 'float16'],
  Rint: ['T', 'bfloat16, half, float, double', ''],
  Round: ['T', 'bfloat16, half, float, double, int8, int16, int32, int64, complex64, complex128', 'float16'],
  IsNan: ['T', 'bfloat16, half, float, double', 'float16'],
  IsInf: ['T', 'bfloat16, half, float, double', 'float16'],
  IsFinite: ['T', 'bfloat16, half, float, double', 'float16'],
  AddV2: [
    'T',
    'bfloat16, half, float, double, uint8, uint16, uint32, uint64, int8, int16, int32, int64, complex64, complex128',
    'float16 int8 int16 uint8 uint16',
  ],
  Sub: [
    'T',
    'bfloat16, half, float, double, uint8, int8, uint16, int16, int32, int64, complex64, complex128, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  Mul: [
    'T',
    'bfloat16, half, float, double, uint8, int8, uint16, int16, int32, uint32, uint64, int64, complex64, complex128',
    'float16 int8 int16 uint8 uint16',
  ],
  RealDiv: [
    'T',
    'bfloat16, half, float, double, uint8, int8, uint16, int16, int32, uint32, uint64, int64, complex64, complex128',
    'float16',
  ],
  Neg: ['T', 'bfloat16, half, float, double, int8, int16, int32, int64, complex64, complex128', 'float16 int8 int16'],
  FloorDiv: [
    'T',
    'bfloat16, half, float, double, uint8, int8, uint16, int16, int32, uint32, uint64, int64, complex64, complex128',
    'float16 int8 int16 uint8 uint16',
  ],
  FloorMod: [
    'T',
    'int8, int16, int32, int64, uint8, uint16, uint32, uint64, bfloat16, half, float, double',
    'float16 int8 int16 uint8 uint16',
  ],
  Pow: ['T', 'bfloat16, float, half, double, int8, int16, int32, int64, complex64, complex128', 'float16 int8 int16'],
  Maximum: [
    'T',
    'bfloat16, half, float, double, int8, uint8, int16, uint16, int32, uint32, int64, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  Minimum: [
    'T',
    'bfloat16, half, float, double, int8, uint8, int16, uint16, int32, uint32, int64, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  SquaredDifference: ['T', 'bfloat16, half, float, double, int32, int64, complex64, complex128', 'float16'],
  DivNoNan: ['T', 'half, float, bfloat16, double, complex64, complex128', 'float16'],
  Xdivy: ['T', 'half, bfloat16, float, double, complex64, complex128', 'float16'],
  Xlogy: ['T', 'half, bfloat16, float, double, complex64, complex128', 'float16'],
  AddN: [
    'T',
    'float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64, variant',
    'float16 int8 int16 uint8 uint16',
  ],
  Cumsum: [
    'T',
    'float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  Cumprod: [
    'T',
    'float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  Sum: [
    'T',
    'float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  Mean: [
    'T',
    'float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  Prod: [
    'T',
    'float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  Max: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64, qint8, quint8, qint32, qint16, quint16',
    'float16 int8 int16 uint8 uint16',
  ],
  Min: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64, qint8, quint8, qint32, qint16, quint16',
    'float16 int8 int16 uint8 uint16',
  ],
  All: ['Tidx', 'int32, int64', ''],
  Any: ['Tidx', 'int32, int64', ''],
  ArgMax: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64, qint8, quint8, qint32, qint16, quint16, bool',
    'float16 int8 int16 uint8 uint16',
  ],
  ArgMin: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64, qint8, quint8, qint32, qint16, quint16, bool',
    'float16 int8 int16 uint8 uint16',
  ],
  Transpose: ['T', '', 'float16 int8 int16 uint8 uint16'],
  Pack: ['T', '', 'float16 int8 int16 uint8 uint16'],
  ReverseV2: ['Tidx', 'int32, int64', ''],
  BroadcastTo: ['T', '', 'float16 int8 int16 uint8 uint16'],
  Fill: ['T', '', 'float16 int8 int16 uint8 uint16'],
  ConcatV2: ['T', '', 'float16 int8 int16 uint8 uint16'],
  Slice: ['T', '', 'float16 int8 int16 uint8 uint16'],
  Pad: ['T', '', 'float16 int8 int16 uint8 uint16'],
  PadV2: ['T', '', 'float16 int8 int16 uint8 uint16'],
  GatherV2: ['Tparams', '', 'float16 int8 int16 uint8 uint16'],
  UnsortedSegmentSum: [
    'T',
    'float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  GatherNd: ['Tparams', '', 'float16 int8 int16 uint8 uint16'],
  ScatterNd: ['T', '', 'float16 int8 int16 uint8 uint16'],
  RandomUniform: ['dtype', 'half, bfloat16, float, double', 'float16'],
  RandomStandardNormal: ['dtype', 'half, bfloat16, float, double', 'float16'],
  TruncatedNormal: ['dtype', 'half, bfloat16, float, double', 'float16'],
  RandomUniformInt: ['Tout', 'int32, int64', ''],
  RandomShuffle: ['T', '', 'float16 int8 int16 uint8 uint16'],
  StridedSlice: ['T', '', 'float16 int8 int16 uint8 uint16'],
  StridedSliceGrad: ['T', '', 'float16 int8 int16 uint8 uint16'],
  MatMul: [
    'T',
    'bfloat16, half, float, double, int32, int64, uint8, uint16, uint32, uint64, complex64, complex128',
    'float16 int16',
  ],
  BatchMatMulV2: [
    'T',
    'bfloat16, half, float, double, int16, int32, int64, uint8, uint16, uint32, uint64, complex64, complex128',
    'float16 int16',
  ],
  MatrixDiagV3: ['T', '', 'float16 int8 int16 uint8 uint16'],
  MatrixDiagPartV3: ['T', '', 'float16 int8 int16 uint8 uint16'],
  MatrixSolve: ['T', 'double, float, half, complex64, complex128', ''],
  MatrixInverse: ['T', 'double, float, half, complex64, complex128', 'float16'],
  TensorScatterUpdate: ['T', '', 'float16 int8 int16 uint8 uint16'],
  TensorScatterAdd: ['T', '', 'float16 int8 int16 uint8 uint16'],
  TensorScatterSub: ['T', '', 'float16 int8 int16 uint8 uint16'],
  Range: ['Tidx', 'bfloat16, half, float, double, int8, int16, int32, int64, uint16, uint32, uint64', 'float16'],
  OneHot: ['T', '', 'float16 int8 int16 uint8 uint16'],
  AdjustContrastv2: ['T', 'half, float', ''],
  SigmoidGrad: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Sigmoid: ['T', 'bfloat16, half, float, double, complex64, complex128', 'float16'],
  Softplus: ['T', 'half, bfloat16, float, double', 'float16'],
  SoftsignGrad: ['T', 'half, bfloat16, float, double', 'float16'],
  Softsign: ['T', 'half, bfloat16, float, double', 'float16'],
  ReluGrad: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  Relu: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64, qint8',
    'float16 int8 int16 uint8 uint16',
  ],
  Relu6Grad: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  Relu6: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64',
    'float16 int8 int16 uint8 uint16',
  ],
  LeakyReluGrad: ['T', 'half, bfloat16, float, double', 'float16 int8 int16 uint8 uint16'],
  LeakyRelu: ['T', 'half, bfloat16, float, double', 'float16 int8 int16 uint8 uint16'],
  EluGrad: ['T', 'half, bfloat16, float, double', 'float16'],
  Elu: ['T', 'half, bfloat16, float, double', 'float16'],
  SeluGrad: ['T', 'half, bfloat16, float, double', 'float16'],
  Selu: ['T', 'half, bfloat16, float, double', 'float16'],
  Softmax: ['T', 'half, bfloat16, float, double', 'float16'],
  LogSoftmax: ['T', 'half, bfloat16, float, double', 'float16'],
  SoftmaxCrossEntropyWithLogits: ['T', 'half, bfloat16, float, double', 'float16'],
  SparseSoftmaxCrossEntropyWithLogits: ['T', 'half, bfloat16, float, double', 'float16'],
  L2Loss: ['T', 'half, bfloat16, float, double', 'float16'],
  Multinomial: [
    'T',
    'float, double, int32, uint8, int16, int8, int64, bfloat16, uint16, half, uint32, uint64',
    'float16',
  ],
};

/** Ops whose kernels give TF's values on 8- and 16-bit integers (each result wrapped by `apply`). */
const INT_OPS = new Set(
  (
    'ReadVariableOp Equal NotEqual Less LessEqual Greater GreaterEqual SelectV2 Where Abs Sign Square Neg AddV2 ' +
    'Sub Mul FloorDiv FloorMod Pow Maximum Minimum AddN Identity StopGradient Cast Cumsum Cumprod Sum Mean Prod Max ' +
    'Min ArgMax ArgMin ExpandDims Squeeze Transpose Pack Tile ReverseV2 Shape Size Rank Reshape BroadcastTo Fill ConcatV2 ' +
    'Slice Pad PadV2 GatherV2 GatherNd ScatterNd StridedSlice StridedSliceGrad TensorScatterUpdate ' +
    'TensorScatterAdd TensorScatterSub OneHot Relu Relu6 ReluGrad Relu6Grad UnsortedSegmentSum MatrixDiagV3 ' +
    'MatrixDiagPartV3'
  ).split(' '),
);

/**
 * Ops whose float16 results are TF's: elementwise ops (computed in float32 and rounded once, as TF's CPU kernels
 * do), data movement, Max/Min, MatMul (TF accumulates half products in float32), cumulative sums and products
 * (sequential in half), and Sum/Mean, whose kernel follows Eigen's half-precision order (`halfSum.ts`).
 */
const HALF_OPS = new Set([
  ...[...INT_OPS].filter((op) => op !== 'AddN' && op !== 'Prod' && op !== 'UnsortedSegmentSum'),
  ...(
    'Sqrt Rsqrt Exp Expm1 Log Log1p Sin Cos Tan Asin Acos Atan Sinh Cosh Tanh Erf Floor Ceil Round IsNan IsInf ' +
    'IsFinite RealDiv Reciprocal SquaredDifference DivNoNan Xdivy Xlogy Sigmoid Softplus Softsign Elu Selu ' +
    'LeakyRelu ReciprocalGrad SqrtGrad RsqrtGrad TanhGrad SigmoidGrad SoftsignGrad LeakyReluGrad EluGrad SeluGrad ' +
    'MatMul BatchMatMulV2'
  ).split(' '),
]);

/**
 * Raise TF's error when it has no kernel for the narrow dtype `d` an op is given (`tfCheck`: `d` is the op's type
 * attribute, its first input's or its result's dtype), and `NotSupported` when the engine does not compute it.
 */
export function checkNarrow(op: string, apiName: string, d: DType, tfCheck: boolean, attrs?: unknown): void {
  const tf = tfCheck ? TF_KERNELS[op] : undefined;
  if (tf) {
    const [attr, allowed, cpu] = tf;
    const name = kernelTypeName(d);
    if (allowed !== '' && !allowed.split(', ').includes(name)) {
      throw opError(op, `Value for attr '${attr}' of ${name} is not in the list of allowed values: ${allowed}`);
    }
    if (cpu !== '*' && !cpu.split(' ').includes(d)) {
      if (op !== 'MatMul') throw unsupported(op, d);
      const { transposeA, transposeB } = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
      const node = `MatMul[T=${tfEnumName(d)}, grad_a=false, grad_b=false, transpose_a=${!!transposeA}, transpose_b=${!!transposeB}]`;
      throw opError(op, `Could not find device for node: {{node MatMul}} = ${node}`, 'NotFoundError');
    }
  }
  const ok = d === 'float16' ? HALF_OPS.has(op) : INT_OPS.has(op);
  if (!ok) throw new NotSupported(`${apiName} on ${d}`);
}
