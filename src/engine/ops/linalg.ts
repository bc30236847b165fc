import { EngineError, opError } from '../errors';
import { broadcastIndex } from '../kernels/elementwise';
import { luSolve, matrixDiag, matrixDiagPart } from '../kernels/linalg';
import { batchMatmul } from '../kernels/matmul';
import type { DType, NumericData } from '../tensor/dtype';
import { broadcastShapes, type Shape, shapesEqual, shapeText, sizeOf } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { reshape } from './array';
import { type TensorLike, toTensor } from './convert';
import { unsupported } from './define';
import { type Expr, infix, wrap } from './display';
import { singularValues } from './linalgDecomp';
import { mul, neg, pow } from './math';
import { reduceMax, reduceSum } from './reduce';
import { apply, defineOp, NO_ATTRS, type OpDef, sameDType } from './registry';
import { expandDims, squeeze, transpose } from './shape';
import { abs, sqrt } from './unary';

const MATMUL_TYPES: readonly DType[] = ['float32', 'float64', 'int32', 'int64', 'float16'];

function checkNumeric(op: string, inputs: readonly Tensor[]): DType {
  const d = sameDType(op, inputs);
  if (!MATMUL_TYPES.includes(d)) throw unsupported(op, d);
  return d;
}

/**
 * A MatMul or BatchMatMulV2 error in TF's text, ` name: ` included: TF's eager `matmul` wrappers append the op's
 * name to every error of these kernels (None printing as nothing).
 */
function matmulError(op: string, message: string): EngineError {
  return opError(op, message, 'InvalidArgumentError', '');
}

function innerMismatch(op: string, a: Tensor, b: Tensor): EngineError {
  return matmulError(op, `Matrix size-incompatible: In[0]: ${shapeText(a.shape)}, In[1]: ${shapeText(b.shape)}`);
}

// ---- MatMul (rank 2) -----------------------------------------------------------------------------------------

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

export const MatMul: OpDef<MatMulAttrs> = defineOp<MatMulAttrs>({
  name: 'MatMul',
  display: { api: 'tf.linalg.matmul', aliases: ['tf.matmul'], expr: infix('@', 2, 2, 1), derivative: matmulDerivative },
  infer: ([a, b], { transposeA, transposeB }) => {
    const dtype = checkNumeric('MatMul', [a, b]);
    if (a.rank !== b.rank) {
      throw matmulError(
        'MatMul',
        `In[0] and In[1] has different ndims: ${shapeText(a.shape)} vs. ${shapeText(b.shape)}`,
      );
    }
    if (a.rank !== 2) throw matmulError('MatMul', `In[0] and In[1] ndims must be == 2: ${a.rank}`);
    const [m, ka] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
    const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : b.shape;
    if (ka !== kb) throw innerMismatch('MatMul', a, b);
    return { shape: [m, n], dtype };
  },
  kernel: ([a, b], { transposeA, transposeB }, [m, n], dtype) =>
    batchMatmul(
      a.data as NumericData,
      b.data as NumericData,
      dtype,
      1,
      null,
      null,
      m,
      transposeA ? a.shape[0] : a.shape[1],
      n,
      transposeA,
      transposeB,
    ),
  // MG `_MatMulGrad`, case by case on the transposes; like TF's `skip_input_indices` check, an input whose
  // gradient nobody wants (an unwatched constant, e.g. the data of a layer) costs no product.
  vjp: (g, { inputs: [a, b], attrs: { transposeA: ta, transposeB: tb } }, skip = 0) => {
    const mm = (x: Tensor, y: Tensor, transposeA: boolean, transposeB: boolean): Tensor =>
      apply(MatMul, [x, y], { transposeA, transposeB });
    const wantA = !(skip & 1);
    const wantB = !(skip & 2);
    if (!ta && !tb) return [wantA ? mm(g, b, false, true) : null, wantB ? mm(a, g, true, false) : null];
    if (!ta && tb) return [wantA ? mm(g, b, false, false) : null, wantB ? mm(g, a, true, false) : null];
    if (ta && !tb) return [wantA ? mm(b, g, false, true) : null, wantB ? mm(a, g, false, false) : null];
    return [wantA ? mm(b, g, true, true) : null, wantB ? mm(g, a, true, true) : null];
  },
  vjpSkips: true,
  // Two products of m·n·k multiply-adds.
  vjpCost: ({ inputs: [a], attrs: { transposeA }, output }) => 2 * sizeOf(output.shape) * a.shape[transposeA ? 0 : 1],
});

// ---- BatchMatMulV2 (rank >= 2, broadcast batch dimensions) ---------------------------------------------------

interface BatchMatMulAttrs {
  adjX: boolean;
  adjY: boolean;
}

function batchShapes(a: Tensor, b: Tensor): Shape {
  try {
    return broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'BatchMatMulV2');
  } catch {
    throw matmulError(
      'BatchMatMulV2',
      `In[0] and In[1] must have compatible batch dimensions: ${shapeText(a.shape)} vs. ${shapeText(b.shape)}`,
    );
  }
}

export const BatchMatMulV2 = defineOp<BatchMatMulAttrs>({
  name: 'BatchMatMulV2',
  display: { api: 'tf.linalg.matmul', aliases: ['tf.matmul'], expr: infix('@', 2, 2, 1), derivative: matmulDerivative },
  infer: ([a, b], { adjX, adjY }) => {
    const dtype = checkNumeric('BatchMatMulV2', [a, b]);
    if (a.rank < 2) throw matmulError('BatchMatMulV2', `In[0] ndims must be >= 2: ${a.rank}`);
    if (b.rank < 2) throw matmulError('BatchMatMulV2', `In[1] ndims must be >= 2: ${b.rank}`);
    const batch = batchShapes(a, b);
    let [d0, d1] = a.shape.slice(-2);
    let [d2, d3] = b.shape.slice(-2);
    if (adjX) [d0, d1] = [d1, d0];
    if (adjY) [d2, d3] = [d3, d2];
    if (d1 !== d2) throw innerMismatch('BatchMatMulV2', a, b);
    return { shape: [...batch, d0, d3], dtype };
  },
  kernel: ([a, b], { adjX, adjY }, shape, dtype) => {
    const batch = shape.slice(0, -2);
    const aBatch = a.shape.slice(0, -2);
    const bBatch = b.shape.slice(0, -2);
    const ia = shapesEqual(aBatch, batch) ? null : broadcastIndex(aBatch, batch);
    const ib = shapesEqual(bBatch, batch) ? null : broadcastIndex(bBatch, batch);
    const [m, n] = shape.slice(-2);
    const k = adjX ? a.shape[a.rank - 2] : a.shape[a.rank - 1];
    return batchMatmul(a.data as NumericData, b.data as NumericData, dtype, sizeOf(batch), ia, ib, m, k, n, adjX, adjY);
  },
  // MG `_BatchMatMulV2`; the sum over broadcast batch dimensions happens once, in backprop's un-broadcast.
  vjp: (g, { inputs: [x, y], attrs: { adjX, adjY } }, skip = 0) => {
    const mm = (a: Tensor, b: Tensor, adjointA: boolean, adjointB: boolean) => matmul(a, b, { adjointA, adjointB });
    const wantX = !(skip & 1);
    const wantY = !(skip & 2);
    if (!adjX && !adjY) return [wantX ? mm(g, y, false, true) : null, wantY ? mm(x, g, true, false) : null];
    if (!adjX) return [wantX ? mm(g, y, false, false) : null, wantY ? mm(g, x, true, false) : null];
    if (!adjY) return [wantX ? mm(y, g, false, true) : null, wantY ? mm(x, g, false, false) : null];
    return [wantX ? mm(y, g, true, true) : null, wantY ? mm(g, x, true, true) : null];
  },
  vjpSkips: true,
  vjpCost: ({ inputs: [x], attrs: { adjX }, output }) => 2 * sizeOf(output.shape) * x.shape[x.rank - (adjX ? 2 : 1)],
});

export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
  adjointA?: boolean;
  adjointB?: boolean;
}

/** Convert with a dtype hint: a JS operand takes the other operand's dtype when it can (TF `dtype_hint`). */
function hinted(x: TensorLike, dtype: DType): Tensor {
  try {
    return toTensor(x, dtype);
  } catch {
    return toTensor(x);
  }
}

/**
 * `tf.linalg.matmul(a, b, transpose_a, transpose_b, adjoint_a, adjoint_b)`: TF's `MatMul` when both operands have
 * rank <= 2, `BatchMatMulV2` (adjoint = transpose for real dtypes) when either has rank > 2.
 */
export function matmul(a: TensorLike, b: TensorLike, opts: MatmulOptions = {}): Tensor {
  const { transposeA = false, transposeB = false, adjointA = false, adjointB = false } = opts;
  if (transposeA && adjointA) throw new EngineError('ValueError', 'Only one of transpose_a and adjoint_a can be True.');
  if (transposeB && adjointB) throw new EngineError('ValueError', 'Only one of transpose_b and adjoint_b can be True.');
  const ta = toTensor(a);
  const tb = hinted(b, ta.dtype);
  const tA = transposeA || adjointA;
  const tB = transposeB || adjointB;
  if (ta.rank > 2 || tb.rank > 2) return apply(BatchMatMulV2, [ta, tb], { adjX: tA, adjY: tB });
  return apply(MatMul, [ta, tb], { transposeA: tA, transposeB: tB });
}

/** `tf.linalg.matvec(a, b, transpose_a, adjoint_a)`: `squeeze(matmul(a, expand_dims(b, -1)), -1)`. */
export function matvec(a: TensorLike, b: TensorLike, opts: { transposeA?: boolean; adjointA?: boolean } = {}): Tensor {
  const ta = toTensor(a);
  const out = matmul(ta, expandDims(hinted(b, ta.dtype), -1), opts);
  return squeeze(out, -1);
}

/**
 * `tf.tensordot(a, b, axes)` as TF composes it (`math_ops.tensordot`): move the contracted axes of `a` last and
 * of `b` first (a transpose only when the permutation is not the identity), flatten both to matrices (a reshape
 * only when the shape changes), one `MatMul`, then reshape to the free dimensions.
 */
export function tensordot(
  a: TensorLike,
  b: TensorLike,
  axes: number | readonly (number | readonly number[])[],
): Tensor {
  const ta = toTensor(a);
  const tb = toTensor(b);
  let aAxes: number[];
  let bAxes: number[];
  if (typeof axes === 'number') {
    if (axes < 0) throw new EngineError('ValueError', `\`axes\` must be at least 0. Received: ${axes}.`);
    if (axes > ta.rank) {
      throw new EngineError(
        'ValueError',
        `\`axes\` must not be larger than the number of dimensions of tensor ${shapeText(ta.shape)}.  Received ${axes}, vs tensor dimensions ${ta.rank}.`,
      );
    }
    aAxes = Array.from({ length: axes }, (_, i) => ta.rank - axes + i);
    bAxes = Array.from({ length: axes }, (_, i) => i);
  } else {
    if (axes.length !== 2) {
      throw new EngineError(
        'ValueError',
        `\`axes\` must be an integer or have length 2. Received ${JSON.stringify(axes)}.`,
      );
    }
    const [x, y] = axes;
    aAxes = typeof x === 'number' ? [x] : [...x];
    bAxes = typeof y === 'number' ? [y] : [...y];
    if (aAxes.length !== bAxes.length) {
      throw new EngineError(
        'ValueError',
        `Different number of contraction axes \`a\` and \`b\`, ${aAxes.length} != ${bAxes.length}.`,
      );
    }
  }
  const [ma, freeA] = tensordotReshape(ta, aAxes, false);
  const [mb, freeB] = tensordotReshape(tb, bAxes, true);
  const ab = matmul(ma, mb);
  const outShape = [...freeA, ...freeB];
  return shapesEqual(ab.shape, outShape) ? ab : reshape(ab, outShape);
}

function tensordotReshape(x: Tensor, axes: number[], flipped: boolean): [Tensor, number[]] {
  const ax = axes.map((i) => (i >= 0 ? i : i + x.rank));
  const free = [...Array(x.rank).keys()].filter((i) => !ax.includes(i));
  const freeDims = free.map((i) => x.shape[i]);
  const prodFree = sizeOf(freeDims);
  const prodAxes = sizeOf(ax.map((i) => x.shape[i]));
  const perm = flipped ? [...ax, ...free] : [...free, ...ax];
  const newShape = flipped ? [prodAxes, prodFree] : [prodFree, prodAxes];
  const t = perm.every((p, i) => p === i) ? x : transpose(x, perm);
  return [shapesEqual(t.shape, newShape) ? t : reshape(t, newShape), freeDims];
}

// ---- diagonals: MatrixDiagV3, MatrixDiagPartV3, trace ----------------------------------------------------------

interface DiagAttrs {
  rows: number;
  cols: number;
}

/** `tf.linalg.diag` (k = 0): MatrixDiagV3. Its gradient is the diagonal part of the upstream (AG). */
export const MatrixDiagV3 = defineOp<DiagAttrs>({
  name: 'MatrixDiagV3',
  display: { api: 'tf.linalg.diag' },
  infer: ([d], { rows, cols }) => {
    if (d.rank < 1) throw opError('MatrixDiagV3', 'diagonal must be at least 1-dim, received shape: []');
    if (d.dtype === 'string') throw unsupported('MatrixDiagV3', d.dtype);
    return { shape: [...d.shape.slice(0, -1), rows, cols], dtype: d.dtype };
  },
  kernel: ([d], { rows, cols }, shape, dtype) => {
    const len = d.shape[d.rank - 1];
    return matrixDiag(d.data as NumericData, sizeOf(shape.slice(0, -2)), len, rows, cols, dtype);
  },
  vjp: (g) => [diagPart(g)],
});

/** `tf.linalg.diag(diagonal, num_rows=-1, num_cols=-1)` with k = 0 and zero padding. */
export function diag(diagonal: TensorLike, numRows = -1, numCols = -1): Tensor {
  const d = toTensor(diagonal);
  const n = d.shape[d.rank - 1] ?? 0;
  const rows = numRows === -1 ? n : numRows;
  const cols = numCols === -1 ? n : numCols;
  if (rows < n || cols < n) {
    throw opError(
      'MatrixDiagV3',
      `The number of rows and columns are too small: ${rows}, ${cols} for a diagonal of ${n}`,
    );
  }
  return apply(MatrixDiagV3, [d], { rows, cols });
}

/** `tf.linalg.diag_part` (k = 0): MatrixDiagPartV3. Its gradient places the upstream on a zero diagonal matrix. */
export const MatrixDiagPartV3 = defineOp({
  name: 'MatrixDiagPartV3',
  display: { api: 'tf.linalg.diag_part' },
  infer: ([x]) => {
    if (x.rank < 2) {
      throw opError('MatrixDiagPartV3', `input must be at least 2-dim, received shape: ${shapeText(x.shape)}`);
    }
    if (x.dtype === 'string') throw unsupported('MatrixDiagPartV3', x.dtype);
    const [r, c] = x.shape.slice(-2);
    return { shape: [...x.shape.slice(0, -2), Math.min(r, c)], dtype: x.dtype };
  },
  kernel: ([x], _a, shape, dtype) => {
    const [r, c] = x.shape.slice(-2);
    return matrixDiagPart(x.data as NumericData, sizeOf(shape.slice(0, -1)), r, c, dtype);
  },
  vjp: (g, { inputs: [x] }) => {
    const [r, c] = x.shape.slice(-2);
    return [apply(MatrixDiagV3, [g], { rows: r, cols: c })];
  },
});
export const diagPart = (x: TensorLike): Tensor => apply(MatrixDiagPartV3, [toTensor(x)], NO_ATTRS);

/** `tf.linalg.trace`: `reduce_sum(matrix_diag_part(x), [-1])` (math_ops.trace). */
export const trace = (x: TensorLike): Tensor => reduceSum(diagPart(x), [-1]);

// ---- MatrixSolve, MatrixInverse --------------------------------------------------------------------------------

function checkLinalg(op: string, xs: readonly Tensor[]): DType {
  const d = sameDType(op, xs);
  if (d !== 'float32' && d !== 'float64') throw unsupported(op, d);
  xs.forEach((x, i) => {
    if (x.rank < 2) throw opError(op, `Input tensor ${i} must have rank >= 2`);
  });
  const outer = xs[0].shape.slice(0, -2);
  for (const x of xs) {
    if (!shapesEqual(x.shape.slice(0, -2), outer)) {
      throw opError(op, 'All input tensors must have the same outer dimensions.');
    }
  }
  return d;
}

/** `tf.linalg.solve(matrix, rhs, adjoint=False)`: TF's MatrixSolve, LU with partial pivoting. */
export const MatrixSolve = defineOp<{ adjoint: boolean }>({
  name: 'MatrixSolve',
  display: { api: 'tf.linalg.solve' },
  infer: ([a, b]) => {
    const dtype = checkLinalg('MatrixSolve', [a, b]);
    const [n, n2] = a.shape.slice(-2);
    if (n !== n2) throw opError('MatrixSolve', 'First input (lhs) must be a square matrix.');
    if (b.shape[b.rank - 2] !== n) {
      throw opError('MatrixSolve', 'Input matrix and right-hand side must have the same number of rows.');
    }
    return { shape: b.shape, dtype };
  },
  kernel: ([a, b], { adjoint }, shape, dtype) => {
    const [n, k] = shape.slice(-2);
    const out = luSolve(a.data as NumericData, b.data as NumericData, sizeOf(shape.slice(0, -2)), n, k, adjoint, dtype);
    if (!out) throw opError('MatrixSolve', 'Input matrix is not invertible.');
    return out;
  },
  // TF linalg_grad `_MatrixSolveGrad`.
  vjp: (g, { inputs: [a], output: c, attrs: { adjoint } }) => {
    const gb = solve(a, g, !adjoint);
    const ga = adjoint ? neg(matmul(c, gb, { adjointB: true })) : neg(matmul(gb, c, { adjointB: true }));
    return [ga, gb];
  },
});
export const solve = (matrix: TensorLike, rhs: TensorLike, adjoint = false): Tensor => {
  const a = toTensor(matrix);
  return apply(MatrixSolve, [a, hinted(rhs, a.dtype)], { adjoint });
};

/** `tf.linalg.inv(input, adjoint=False)`: TF's MatrixInverse. */
export const MatrixInverse = defineOp<{ adjoint: boolean }>({
  name: 'MatrixInverse',
  display: { api: 'tf.linalg.inv' },
  infer: ([a]) => {
    const dtype = checkLinalg('MatrixInverse', [a]);
    const [n, n2] = a.shape.slice(-2);
    if (n !== n2) throw opError('MatrixInverse', `Input matrix must be square.`);
    return { shape: a.shape, dtype };
  },
  kernel: ([a], { adjoint }, shape, dtype) => {
    const n = shape[shape.length - 1];
    const batch = sizeOf(shape.slice(0, -2));
    const eye = new Float64Array(batch * n * n);
    for (let b = 0; b < batch; b++) for (let i = 0; i < n; i++) eye[b * n * n + i * n + i] = 1;
    const out = luSolve(a.data as NumericData, eye, batch, n, n, adjoint, dtype);
    if (!out) throw opError('MatrixInverse', 'Input is not invertible.');
    return out;
  },
  // TF linalg_grad `_MatrixInverseGrad`: -A⁻ᴴ·g·A⁻ᴴ (adjoint flags as TF sets them).
  vjp: (g, { output: ainv, attrs: { adjoint } }) => [
    neg(matmul(ainv, matmul(g, ainv, { adjointA: adjoint, adjointB: !adjoint }), { adjointA: !adjoint })),
  ],
});
export const inv = (x: TensorLike, adjoint = false): Tensor => apply(MatrixInverse, [toTensor(x)], { adjoint });

// ---- norm ------------------------------------------------------------------------------------------------------

export type NormOrd = 'euclidean' | 'fro' | number;

/**
 * `tf.norm(tensor, ord='euclidean', axis=None, keepdims=None)` as linalg_ops composes it: the 2-norm is
 * `sqrt(reduce_sum(x * x))` (so its gradient at the zero vector is NaN, like TF's), 1 and inf norms are sums and
 * maxima of `abs`, other p-norms `pow(reduce_sum(pow(abs(x), p)), 1/p)`; `axis` = a pair means a matrix norm.
 */
export function norm(
  tensor: TensorLike,
  ord: NormOrd = 'euclidean',
  axis?: number | readonly number[] | null,
  keepdims = false,
): Tensor {
  const isMatrix = Array.isArray(axis) && axis.length === 2;
  let axes: number[] | null;
  if (isMatrix) {
    const [a0, a1] = axis as readonly number[];
    if (!Number.isInteger(a0) || !Number.isInteger(a1) || a0 === a1) {
      throw new EngineError(
        'ValueError',
        `'axis' must be None, an integer, or a tuple of 2 unique integers, got ${pyTuple(axis as readonly number[])}`,
      );
    }
    if (!(ord === 'euclidean' || ord === 'fro' || ord === 1 || ord === 2 || ord === Infinity)) {
      throw new EngineError(
        'ValueError',
        `'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got ${ordText(ord)}`,
      );
    }
    axes = [a0, a1];
  } else {
    if (!(axis === undefined || axis === null || typeof axis === 'number')) {
      throw new EngineError(
        'ValueError',
        `'axis' must be None, an integer, or a tuple of 2 unique integers, got ${pyTuple(axis as readonly number[])}`,
      );
    }
    if (typeof ord !== 'number' ? ord !== 'euclidean' : !(ord > 0)) {
      throw new EngineError('ValueError', `'ord' must be a supported vector norm, got ${ordText(ord)}.`);
    }
    axes = axis === undefined || axis === null ? null : [axis];
  }
  const x = toTensor(tensor);
  let result: Tensor;
  if (ord === 'fro' || ord === 'euclidean' || ord === 2) {
    result = isMatrix && ord === 2 && axes ? matrixTwoNorm(x, axes) : sqrt(reduceSum(mul(x, x), axes, true));
  } else {
    result = abs(x);
    if (ord === 1) {
      result = reduceSum(result, axes ? axes[0] : null, true);
      if (isMatrix && axes) result = reduceMax(result, axes[1], true);
    } else if (ord === Infinity) {
      if (isMatrix && axes) result = reduceSum(result, axes[1], true);
      result = reduceMax(result, axes ? axes[0] : null, true);
    } else {
      result = pow(reduceSum(pow(result, ord), axes, true), 1.0 / ord);
    }
  }
  return keepdims ? result : squeeze(result, axes);
}

/**
 * The matrix 2-norm as linalg_ops composes it: the axis pair moved last, the largest singular value
 * (`reduce_max(abs(svd(…, compute_uv=False)))`), and the axes moved back, kept with size 1.
 */
function matrixTwoNorm(x: Tensor, axes: readonly number[]): Tensor {
  const pair = axes.map((a) => (a < 0 ? a + x.rank : a));
  const before = [...[...x.shape.keys()].filter((i) => !pair.includes(i)), ...pair];
  const after = [...x.shape.keys()].map((i) => before.indexOf(i));
  const largest = reduceMax(abs(singularValues(transpose(x, before))), -1, true);
  return transpose(expandDims(largest, -1), after);
}

function ordText(ord: NormOrd): string {
  if (typeof ord === 'string') return ord;
  if (ord === Infinity) return 'inf';
  return String(ord);
}

function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}
/** The value shown is the VJP of ones: `1 @ bᵀ` (row sums of b) and `aᵀ @ 1` (column sums of a). */
function matmulDerivative(slot: number, [a, b]: readonly Expr[]): string {
  return slot === 0 ? `1 @ ${wrap(b, 0)}ᵀ` : `${wrap(a, 0)}ᵀ @ 1`;
}
