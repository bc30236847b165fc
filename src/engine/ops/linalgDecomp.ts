/**
 * `tf.linalg` decompositions and the ops their gradients need: determinants, Cholesky, triangular solves, band
 * masks, set_diag, QR, the symmetric eigenproblem and the SVD, each with TF's gradient (`linalg_grad.py`).
 *
 * A TF op with several outputs (`Qr`, `LogMatrixDeterminant`, `SelfAdjointEigV2`, `Svd`) is one primitive per
 * output here; each VJP is TF's gradient with zero upstream for the other outputs. TF's gradients are linear in
 * the upstream gradients, so the sum backprop forms is TF's gradient.
 */
import { EngineError, opError, UnknownResult } from '../errors';
import {
  bandPart as bandKernel,
  cholesky as choleskyKernel,
  householderQr,
  selfAdjointEig,
  setDiag as setDiagKernel,
  slogdet,
  svd as svdKernel,
  triangularSolve as triangularKernel,
} from '../kernels/decompose';
import { broadcastIndex } from '../kernels/elementwise';
import { allocate, type DType, type NumericData } from '../tensor/dtype';
import { ndarrayStr } from '../tensor/formatArray';
import { broadcastShapes, type Shape, shapesEqual, shapeText, sizeOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { concat, reshape, sliceAxis, zerosLike } from './array';
import { type TensorLike, toTensor } from './convert';
import { diag, diagPart, inv, matmul } from './linalg';
import { add, maximum, mul, neg, sub } from './math';
import { reduceSum } from './reduce';
import { apply, defineOp, NO_ATTRS, type OpDef } from './registry';
import { expandDims, transpose } from './shape';
import { log, reciprocal, rsqrt } from './unary';

const TYPE_NAME: Partial<Record<DType, string>> = { float32: 'float', float64: 'double' };

/** A float32/float64 input of rank >= 2 (TF's linalg kernels), with TF's texts. */
function checkInput(op: string, x: Tensor, square: boolean): DType {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    const allowed =
      op === 'MatrixDeterminant' || op === 'LogMatrixDeterminant'
        ? 'half, float, double'
        : op === 'MatrixTriangularSolve'
          ? 'bfloat16, double, float, half'
          : 'double, float, half';
    throw opError(
      op,
      `Value for attr 'T' of ${TYPE_NAME[x.dtype] ?? x.dtype} is not in the list of allowed values: ${allowed}, complex64, complex128`,
    );
  }
  if (x.rank < 2) throw opError(op, `Input tensor 0 must have rank >= 2, got ${x.rank}`, 'InvalidArgumentError', '');
  if (square && x.shape[x.rank - 1] !== x.shape[x.rank - 2]) {
    throw opError(op, 'Input matrix must be square.', 'InvalidArgumentError', '');
  }
  return x.dtype;
}

/** A TensorShape as Python prints it: `(4, 3)`. */
const pyShape = (s: Shape): string => (s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);

/** A shape as TF's kernels print it: `[2,3]`. */
const compact = (s: Shape): string => `[${s.join(',')}]`;

const batchOf = (x: Tensor): number => sizeOf(x.shape.slice(0, -2));
const lastTwo = (x: Tensor): [number, number] => [x.shape[x.rank - 2], x.shape[x.rank - 1]];

/** `tf.linalg.adjoint` / `matrix_transpose` for real tensors: swap the last two axes. */
export function adjoint(x: TensorLike): Tensor {
  const t = toTensor(x);
  if (t.rank < 2) {
    throw new EngineError(
      'ValueError',
      `Argument \`a\` should be a (batch) matrix with rank >= 2.  Received \`a\` = ${ndarrayStr(t)} with shape: ${pyShape(t.shape)}`,
    );
  }
  const perm = [...t.shape.keys()];
  perm[t.rank - 2] = t.rank - 1;
  perm[t.rank - 1] = t.rank - 2;
  return transpose(t, perm);
}

/** `reshape(x, x.shape + [1, 1])`: a per-matrix scalar broadcast over its matrix. */
const perMatrix = (x: Tensor): Tensor => reshape(x, [...x.shape, 1, 1]);

// ---- determinants -------------------------------------------------------------------------------------------------

/** `tf.linalg.det`: MatrixDeterminant, `sign · exp(log |det|)` of an LU factorisation, as TF's kernel. */
export const MatrixDeterminant = defineOp({
  name: 'MatrixDeterminant',
  display: { api: 'tf.linalg.det' },
  infer: ([a]) => ({ dtype: checkInput('MatrixDeterminant', a, true), shape: a.shape.slice(0, -2) }),
  kernel: ([a], _attrs, shape, dtype) => {
    const { sign, logAbs } = slogdet(a.data as NumericData, sizeOf(shape), a.shape[a.rank - 1]);
    const out = allocate(dtype, sign.length) as NumericData;
    for (let i = 0; i < sign.length; i++) out[i] = sign[i] === 0 ? 0 : sign[i] * Math.exp(logAbs[i]);
    return out;
  },
  // TF `_MatrixDeterminantGrad`: g · det · A⁻ᴴ.
  vjp: (g, { inputs: [a], output: c }) => [mul(perMatrix(mul(g, c)), inv(a, true))],
});
export const det = (x: TensorLike): Tensor => apply(MatrixDeterminant, [toTensor(x)], NO_ATTRS);

/** `tf.linalg.slogdet`'s second output: LogMatrixDeterminant's `log_abs_determinant`. */
export const LogMatrixDeterminant = defineOp({
  name: 'LogMatrixDeterminant',
  display: { api: 'tf.linalg.slogdet' },
  infer: ([a]) => ({ dtype: checkInput('LogMatrixDeterminant', a, true), shape: a.shape.slice(0, -2) }),
  kernel: ([a], _attrs, shape, dtype) => {
    const { logAbs } = slogdet(a.data as NumericData, sizeOf(shape), a.shape[a.rank - 1]);
    const out = allocate(dtype, logAbs.length) as NumericData;
    out.set(logAbs);
    return out;
  },
  // TF `_LogMatrixDeterminantGrad`: g · A⁻ᴴ.
  vjp: (g, { inputs: [a] }) => [mul(perMatrix(g), inv(a, true))],
});

/** `tf.linalg.slogdet`'s first output, the sign; TF's gradient ignores its upstream, so it is zero. */
export const LogMatrixDeterminantSign = defineOp({
  name: 'LogMatrixDeterminantSign',
  display: { api: 'tf.linalg.slogdet' },
  infer: ([a]) => ({ dtype: checkInput('LogMatrixDeterminant', a, true), shape: a.shape.slice(0, -2) }),
  kernel: ([a], _attrs, shape, dtype) => {
    const { sign } = slogdet(a.data as NumericData, sizeOf(shape), a.shape[a.rank - 1]);
    const out = allocate(dtype, sign.length) as NumericData;
    out.set(sign);
    return out;
  },
  vjp: (_g, { inputs: [a] }) => [zerosLike(a)],
});

/** `tf.linalg.slogdet(input)`: `(sign, log_abs_determinant)`. */
export function slogdetOf(x: TensorLike): [Tensor, Tensor] {
  const a = toTensor(x);
  return [apply(LogMatrixDeterminantSign, [a], NO_ATTRS), apply(LogMatrixDeterminant, [a], NO_ATTRS)];
}

/** `tf.linalg.logdet(matrix)` as linalg_impl composes it: `2 · Σ log diag(cholesky(matrix))`. */
export const logdet = (x: TensorLike): Tensor => mul(reduceSum(log(diagPart(cholesky(x))), [-1]), 2);

// ---- Cholesky, triangular solves ----------------------------------------------------------------------------------

/** `tf.linalg.cholesky`: the lower factor from the lower triangle; NaN in it when not positive definite (TF). */
export const Cholesky = defineOp({
  name: 'Cholesky',
  display: { api: 'tf.linalg.cholesky' },
  infer: ([a]) => ({ dtype: checkInput('Cholesky', a, true), shape: a.shape }),
  kernel: ([a], _attrs, shape, dtype) =>
    choleskyKernel(a.data as NumericData, batchOf(a), shape[shape.length - 1], dtype),
  // TF `_CholeskyGrad`: L⁻ᴴ · Φ(Lᴴ g) · L⁻¹, symmetrised (Φ: lower triangle, diagonal halved).
  vjp: (g, { output: l }) => {
    const lInverse = triangularSolve(l, identityOf(l), true, false);
    let middle = matmul(l, g, { adjointA: true });
    middle = setDiag(middle, mul(diagPart(middle), 0.5));
    middle = bandPart(middle, -1, 0);
    const gradA = matmul(matmul(lInverse, middle, { adjointA: true }), lInverse);
    return [mul(add(gradA, adjoint(gradA)), 0.5)];
  },
});
export const cholesky = (x: TensorLike): Tensor => apply(Cholesky, [toTensor(x)], NO_ATTRS);

/** Identity matrices shaped like `x` (batch of n × n), without recording. */
function identityOf(x: Tensor): Tensor {
  const n = x.shape[x.rank - 1];
  const batch = batchOf(x);
  const data = allocate(x.dtype, batch * n * n) as NumericData;
  for (let b = 0; b < batch; b++) for (let i = 0; i < n; i++) data[b * n * n + i * n + i] = 1;
  return new Tensor(x.dtype, x.shape, data);
}

interface TriangularAttrs {
  lower: boolean;
  adjoint: boolean;
}

/** `tf.linalg.triangular_solve`: MatrixTriangularSolve, batch dimensions broadcast. */
export const MatrixTriangularSolve = defineOp<TriangularAttrs>({
  name: 'MatrixTriangularSolve',
  display: { api: 'tf.linalg.triangular_solve' },
  infer: ([a, b], { lower, adjoint: adj }) => {
    const op = 'MatrixTriangularSolve';
    if (a.dtype !== b.dtype) {
      throw opError(
        op,
        `cannot compute ${op} as input #1(zero-based) was expected to be a ${TYPE_NAME[a.dtype] ?? a.dtype} tensor but is a ${TYPE_NAME[b.dtype] ?? b.dtype} tensor`,
        'InvalidArgumentError',
        '',
      );
    }
    if (a.dtype !== 'float32' && a.dtype !== 'float64') checkInput(op, a, false);
    if (a.rank < 2) throw opError(op, `In[0] ndims must be >= 2: ${a.rank}`, 'InvalidArgumentError', '');
    if (b.rank < 2) throw opError(op, `In[1] ndims must be >= 2: ${b.rank}`, 'InvalidArgumentError', '');
    const [n, n2] = lastTwo(a);
    if (n !== n2) {
      throw opError(
        op,
        `In[0] matrices in the last dimensions must be square (${n2} =/= ${n})`,
        'InvalidArgumentError',
        '',
      );
    }
    if (b.shape[b.rank - 2] !== n) {
      throw opError(
        op,
        `In[0] mismatch In[1] shape: ${n} vs. ${b.shape[b.rank - 2]}: ${compact(a.shape)} ${compact(b.shape)} ${+lower} ${+adj}`,
        'InvalidArgumentError',
        '',
      );
    }
    let batch: Shape;
    try {
      batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), op);
    } catch {
      throw opError(
        op,
        `In[0] and In[1] must have compatible batch dimensions: ${shapeText(a.shape)} vs. ${shapeText(b.shape)}`,
        'InvalidArgumentError',
        '',
      );
    }
    return { dtype: a.dtype, shape: [...batch, n, b.shape[b.rank - 1]] };
  },
  kernel: ([a, b], { lower, adjoint: adj }, shape, dtype) => {
    const batch = shape.slice(0, -2);
    const aBatch = a.shape.slice(0, -2);
    const bBatch = b.shape.slice(0, -2);
    const ia = shapesEqual(aBatch, batch) ? null : broadcastIndex(aBatch, batch);
    const ib = shapesEqual(bBatch, batch) ? null : broadcastIndex(bBatch, batch);
    const [n, k] = shape.slice(-2);
    return triangularKernel(
      a.data as NumericData,
      b.data as NumericData,
      sizeOf(batch),
      ia,
      ib,
      n,
      k,
      lower,
      adj,
      dtype,
    );
  },
  // TF `_MatrixTriangularSolveGrad`; backprop sums over broadcast batch dimensions.
  vjp: (g, { inputs: [a], output: c, attrs: { lower, adjoint: adj } }) => {
    const gradB = triangularSolve(a, g, lower, !adj);
    const gradA = adj ? neg(matmul(c, gradB, { adjointB: true })) : neg(matmul(gradB, c, { adjointB: true }));
    return [lower ? bandPart(gradA, -1, 0) : bandPart(gradA, 0, -1), gradB];
  },
});

export function triangularSolve(matrix: TensorLike, rhs: TensorLike, lower = true, adj = false): Tensor {
  const a = toTensor(matrix);
  return apply(MatrixTriangularSolve, [a, toTensor(rhs, a.dtype)], { lower, adjoint: adj });
}

/** `tf.linalg.cholesky_solve(chol, rhs)` as linalg_impl composes it: two triangular solves. */
export function choleskySolve(chol: TensorLike, rhs: TensorLike): Tensor {
  const l = toTensor(chol);
  const y = triangularSolve(l, rhs, true, false);
  return triangularSolve(l, y, true, true);
}

// ---- band_part, set_diag ------------------------------------------------------------------------------------------

interface BandAttrs {
  lower: number;
  upper: number;
}

/** `tf.linalg.band_part(input, num_lower, num_upper)`: MatrixBandPart; its gradient is the same mask. */
export const MatrixBandPart: OpDef<BandAttrs> = defineOp<BandAttrs>({
  name: 'MatrixBandPart',
  display: { api: 'tf.linalg.band_part' },
  infer: ([x], { lower, upper }) => {
    if (x.rank < 2) {
      throw opError('MatrixBandPart', `input must be at least 2-dim, received shape: ${shapeText(x.shape)}`);
    }
    if (x.dtype === 'string') throw opError('MatrixBandPart', 'string tensors are not supported');
    const [r, c] = lastTwo(x);
    if (lower > r) {
      throw opError(
        'MatrixBandPart',
        `num_lower must be negative or less or equal to number of rows (${r}) got: ${lower}`,
      );
    }
    if (upper > c) {
      throw opError(
        'MatrixBandPart',
        `num_upper must be negative or less or equal to number of columns (${c}) got: ${upper}`,
      );
    }
    return { dtype: x.dtype, shape: x.shape };
  },
  kernel: ([x], { lower, upper }, shape, dtype) => {
    const [r, c] = shape.slice(-2);
    return bandKernel(x.data as NumericData, batchOf(x), r, c, lower, upper, dtype);
  },
  vjp: (g, { attrs }) => [apply(MatrixBandPart, [g], attrs)],
});
export const bandPart = (x: TensorLike, lower: number, upper: number): Tensor =>
  apply(MatrixBandPart, [toTensor(x)], { lower, upper });

/** `tf.linalg.set_diag(input, diagonal)` (k = 0): MatrixSetDiagV3. */
export const MatrixSetDiagV3 = defineOp({
  name: 'MatrixSetDiagV3',
  display: { api: 'tf.linalg.set_diag' },
  infer: ([x, d]) => {
    if (x.rank < 2)
      throw opError('MatrixSetDiagV3', `input must be at least 2-dim, received shape: ${shapeText(x.shape)}`);
    const [r, c] = lastTwo(x);
    const want = [...x.shape.slice(0, -2), Math.min(r, c)];
    if (!shapesEqual(d.shape, want)) {
      throw opError(
        'MatrixSetDiagV3',
        "Either first dimensions of diagonal don't match input.shape[:-2], or diagonal.shape[:-1] is not equal to the longests diagonal in range [lower_diag_index:upper_diag_index].\n" +
          `Input shape: ${compact(x.shape)}\nDiagonal shape: ${compact(d.shape)}\nExpected diagonal shape: ${compact(want)}`,
      );
    }
    if (x.dtype !== d.dtype) throw opError('MatrixSetDiagV3', `input and diagonal must have the same dtype`);
    return { dtype: x.dtype, shape: x.shape };
  },
  kernel: ([x, d], _a, shape, dtype) => {
    const [r, c] = shape.slice(-2);
    return setDiagKernel(x.data as NumericData, d.data as NumericData, batchOf(x), r, c, dtype);
  },
  vjp: (g) => [setDiag(g, zerosLike(diagPart(g))), diagPart(g)],
});
export const setDiag = (x: TensorLike, d: TensorLike): Tensor => {
  const t = toTensor(x);
  return apply(MatrixSetDiagV3, [t, toTensor(d, t.dtype)], NO_ATTRS);
};

/** `tf.math.l2_normalize(x, axis, epsilon)`: `x · rsqrt(max(Σ x², epsilon))` (nn_impl). */
export function l2Normalize(x: TensorLike, axis: number | number[] | null, epsilon = 1e-12): Tensor {
  const t = toTensor(x);
  const squareSum = reduceSum(mul(t, t), axis, true);
  return mul(t, rsqrt(maximum(squareSum, epsilon)));
}

// ---- QR -----------------------------------------------------------------------------------------------------------

interface QrAttrs {
  full: boolean;
}

function qrShape(a: Tensor, full: boolean, which: 'q' | 'r'): Shape {
  const [m, n] = lastTwo(a);
  const p = Math.min(m, n);
  const batch = a.shape.slice(0, -2);
  return which === 'q' ? [...batch, m, full ? m : p] : [...batch, full ? m : p, n];
}

/** `adjoint(triangular_solve(r, adjoint(x), lower=False))`: `x · R⁻ᴴ` for an upper triangular `r`. */
const rightSolve = (x: Tensor, r: Tensor): Tensor => adjoint(triangularSolve(r, adjoint(x), false, false));

/** TF `_QrGrad` for num_rows >= num_cols (reduced): the square-and-deep case. */
function qrGradDeep(q: Tensor, r: Tensor, dq: Tensor, dr: Tensor): Tensor {
  const qdq = matmul(q, dq, { adjointA: true });
  const qdqAnti = sub(qdq, adjoint(qdq));
  const rdr = matmul(r, dr, { adjointB: true });
  const rdrAnti = sub(rdr, adjoint(rdr));
  const tril = bandPart(add(qdqAnti, rdrAnti), -1, 0);
  const gradA = matmul(q, add(dr, rightSolve(tril, r)));
  const gradB = rightSolve(sub(dq, matmul(q, qdq)), r);
  return add(gradA, gradB);
}

function qrGrad(a: Tensor, q: Tensor, r: Tensor, dq: Tensor, dr: Tensor): Tensor {
  const rows = r.shape[r.rank - 2];
  const cols = r.shape[r.rank - 1];
  if (rows > cols && q.shape[q.rank - 2] === q.shape[q.rank - 1]) {
    throw new EngineError(
      'NotImplementedError',
      `QrGrad not implemented when nrows > ncols and full_matrices is true. Received r.shape=${pyShape(r.shape)} with nrows=${rows}and ncols=${cols}.`,
    );
  }
  const m = q.shape[q.rank - 2];
  const n = cols;
  if (m >= n) return qrGradDeep(q, r, dq, dr);
  const last = a.rank - 1;
  const y = sliceAxis(a, last, m, n - m);
  const u = sliceAxis(r, last, 0, m);
  const dv = sliceAxis(dr, last, m, n - m);
  const du = sliceAxis(dr, last, 0, m);
  const dy = matmul(q, dv);
  const dx = qrGradDeep(q, u, add(dq, matmul(y, dv, { adjointB: true })), du);
  return concat([dx, dy], -1);
}

/** `tf.linalg.qr`'s `q`: Householder QR with Eigen's sign conventions (TF's CPU kernel). */
export const Qr: OpDef<QrAttrs> = defineOp<QrAttrs>({
  name: 'Qr',
  display: { api: 'tf.linalg.qr' },
  infer: ([a], { full }) => ({ dtype: checkInput('Qr', a, false), shape: qrShape(a, full, 'q') }),
  kernel: ([a], { full }, _s, dtype) =>
    householderQr(a.data as NumericData, batchOf(a), ...lastTwo(a), full, 'q', dtype),
  vjp: (g, { inputs: [a], output: q, attrs }) => {
    const r = apply(QrR, [a], attrs);
    return [qrGrad(a, q, r, g, zerosLike(r))];
  },
});

/** `tf.linalg.qr`'s `r`. */
export const QrR: OpDef<QrAttrs> = defineOp<QrAttrs>({
  name: 'QrR',
  display: { api: 'tf.linalg.qr' },
  infer: ([a], { full }) => ({ dtype: checkInput('Qr', a, false), shape: qrShape(a, full, 'r') }),
  kernel: ([a], { full }, _s, dtype) =>
    householderQr(a.data as NumericData, batchOf(a), ...lastTwo(a), full, 'r', dtype),
  vjp: (g, { inputs: [a], output: r, attrs }) => {
    const q = apply(Qr, [a], attrs);
    return [qrGrad(a, q, r, zerosLike(q), g)];
  },
});

export function qr(x: TensorLike, full = false): [Tensor, Tensor] {
  const a = toTensor(x);
  return [apply(Qr, [a], { full }), apply(QrR, [a], { full })];
}

// ---- symmetric eigenproblem ---------------------------------------------------------------------------------------

/** TF's `_SafeReciprocal`: `x / (x² + 1e-20)`, finite where eigenvalues or singular values coincide. */
const safeReciprocal = (x: Tensor): Tensor => mul(x, reciprocal(add(mul(x, x), 1e-20)));

/** `f[i, j] = 1 / (e[j] - e[i])` off the diagonal, 0 on it (TF's `_SelfAdjointEigV2Grad` / `_SvdGrad`). */
const gapReciprocals = (e: Tensor): Tensor =>
  setDiag(safeReciprocal(sub(expandDims(e, -2), expandDims(e, -1))), zerosLike(e));

/** TF `_SelfAdjointEigV2Grad`: the gradient is put in the lower triangle, which is all the kernel reads. */
function eighGrad(e: Tensor, v: Tensor, ge: Tensor, gv: Tensor): Tensor {
  const f = gapReciprocals(e);
  let gradA = matmul(v, matmul(add(diag(ge), mul(f, matmul(v, gv, { adjointA: true }))), v, { adjointB: true }));
  gradA = bandPart(add(gradA, adjoint(gradA)), -1, 0);
  return setDiag(gradA, mul(diagPart(gradA), 0.5));
}

/**
 * Repeated eigenvalues whose upstream gradients differ: the gradient `v diag(g) vᵀ` then depends on the basis the
 * solver picks inside the repeated eigenspace, which only TF's Eigen run knows, so the result is unknown.
 */
function checkRepeatedEigenvalues(e: Tensor, g: Tensor): void {
  const n = e.shape[e.rank - 1];
  const eps = e.dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  for (let b = 0; b < e.size / Math.max(n, 1); b++) {
    let scale = 0;
    for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(e.num(b * n + i)));
    for (let i = 1; i < n; i++) {
      const same = Math.abs(e.num(b * n + i) - e.num(b * n + i - 1)) <= 64 * eps * scale;
      if (same && g.num(b * n + i) !== g.num(b * n + i - 1)) {
        throw new UnknownResult(
          'the gradient of repeated eigenvalues with different weights (it depends on the eigenvector basis TF picks)',
        );
      }
    }
  }
}

/** `tf.linalg.eigh`'s eigenvalues (ascending) from the lower triangle: SelfAdjointEigV2's `e`. */
export const SelfAdjointEigV2: OpDef = defineOp({
  name: 'SelfAdjointEigV2',
  display: { api: 'tf.linalg.eigh', aliases: ['tf.linalg.eigvalsh'] },
  infer: ([a]) => ({ dtype: checkInput('SelfAdjointEigV2', a, true), shape: a.shape.slice(0, -1) }),
  kernel: ([a], _attrs, _s, dtype) =>
    selfAdjointEig(a.data as NumericData, batchOf(a), a.shape[a.rank - 1], 'e', dtype),
  vjp: (g, { inputs: [a], output: e }) => {
    checkRepeatedEigenvalues(e, g);
    const v = apply(SelfAdjointEigV2Vectors, [a], NO_ATTRS);
    return [eighGrad(e, v, g, zerosLike(v))];
  },
});

/**
 * SelfAdjointEigV2's `v`. Each eigenvector's sign is the solver's choice (TF's own float32 and float64 kernels
 * disagree), so the Python API does not show it; gradients use it only in sign-invariant products.
 */
export const SelfAdjointEigV2Vectors: OpDef = defineOp({
  name: 'SelfAdjointEigV2Vectors',
  display: { api: 'tf.linalg.eigh' },
  infer: ([a]) => ({ dtype: checkInput('SelfAdjointEigV2', a, true), shape: a.shape }),
  kernel: ([a], _attrs, _s, dtype) =>
    selfAdjointEig(a.data as NumericData, batchOf(a), a.shape[a.rank - 1], 'v', dtype),
  vjp: (g, { inputs: [a], output: v }) => {
    const e = apply(SelfAdjointEigV2, [a], NO_ATTRS);
    return [eighGrad(e, v, zerosLike(e), g)];
  },
});

export const eigvalsh = (x: TensorLike): Tensor => apply(SelfAdjointEigV2, [toTensor(x)], NO_ATTRS);

// ---- SVD ----------------------------------------------------------------------------------------------------------

interface SvdAttrs {
  full: boolean;
  computeUv: boolean;
}

function svdShape(a: Tensor, full: boolean, which: 's' | 'u' | 'v'): Shape {
  const [m, n] = lastTwo(a);
  const k = Math.min(m, n);
  const batch = a.shape.slice(0, -2);
  if (which === 's') return [...batch, k];
  return which === 'u' ? [...batch, m, full ? m : k] : [...batch, n, full ? n : k];
}

function svdNotImplemented(m: number, n: number, a: Tensor): EngineError {
  const [lo, hi] = m < n ? [m, n] : [n, m];
  return new EngineError(
    'NotImplementedError',
    `svd gradient is not implemented for abs(m - n) > 1 when full_matrices is True. Received: m=${lo} and n=${hi} from op input=${ndarrayStr(a)} with shape=${pyShape(a.shape)}.`,
  );
}

/** TF `_SvdGrad` with `compute_uv=True`. */
function svdGrad(a: Tensor, s: Tensor, u0: Tensor, v0: Tensor, gs: Tensor, gu0: Tensor, gv0: Tensor, full: boolean) {
  let [m, n] = lastTwo(a);
  let [u, v, gu, gv] = [u0, v0, gu0, gv0];
  const useAdjoint = m > n;
  if (useAdjoint) {
    [m, n] = [n, m];
    [u, v, gu, gv] = [v, u, gv, gu];
  }
  if (full && Math.abs(m - n) > 1) throw svdNotImplemented(m, n, a);
  const sMat = diag(s);
  const f = gapReciprocals(mul(s, s));
  const sInvMat = diag(safeReciprocal(s));
  const last = v.rank - 1;
  const v1 = sliceAxis(v, last, 0, m);
  const gv1 = sliceAxis(gv, last, 0, m);
  const fU = mul(f, matmul(u, gu, { adjointA: true }));
  const fV = mul(f, matmul(v1, gv1, { adjointA: true }));
  const term1Nouv = add(add(diag(gs), matmul(add(fU, adjoint(fU)), sMat)), matmul(sMat, add(fV, adjoint(fV))));
  let gradA = matmul(u, matmul(term1Nouv, v1, { adjointB: true }));
  if (m !== n) {
    const gv1t = adjoint(gv1);
    let term2Nous = sub(gv1t, matmul(matmul(gv1t, v1), v1, { adjointB: true }));
    if (full) {
      const v2 = sliceAxis(v, last, m, n - m);
      const gv2 = sliceAxis(gv, last, m, n - m);
      term2Nous = sub(term2Nous, matmul(matmul(v1, gv2, { adjointA: true }), v2, { adjointB: true }));
    }
    gradA = add(gradA, matmul(matmul(u, sInvMat), term2Nous));
  }
  return useAdjoint ? adjoint(gradA) : gradA;
}

/** The three factors of `a`'s SVD as ops on the tape (for the gradient of one of them). */
function factors(a: Tensor, full: boolean): [Tensor, Tensor, Tensor] {
  return [
    apply(Svd, [a], { full, computeUv: true }),
    apply(SvdU, [a], { full, computeUv: true }),
    apply(SvdV, [a], { full, computeUv: true }),
  ];
}

/** `tf.linalg.svd`'s singular values (descending). */
export const Svd: OpDef<SvdAttrs> = defineOp<SvdAttrs>({
  name: 'Svd',
  display: { api: 'tf.linalg.svd' },
  infer: ([a]) => ({ dtype: checkInput('Svd', a, false), shape: svdShape(a, false, 's') }),
  kernel: ([a], _attrs, _s, dtype) => svdKernel(a.data as NumericData, batchOf(a), ...lastTwo(a), false, 's', dtype),
  vjp: (g, { inputs: [a], attrs: { full, computeUv } }) => {
    const [m, n] = lastTwo(a);
    if (computeUv && full && Math.abs(m - n) > 1) throw svdNotImplemented(m, n, a);
    // With zero upstream for u and v, TF's gradient is u · diag(g) · vᴴ with the reduced factors.
    const reduced = { full: false, computeUv: true };
    const u = apply(SvdU, [a], reduced);
    const v = apply(SvdV, [a], reduced);
    return [matmul(u, matmul(diag(g), v, { adjointB: true }))];
  },
});

/**
 * `tf.linalg.svd`'s `u` and `v`, with TF's signs for matrices with fewer than 16 columns (Eigen's JacobiSVD); the
 * Python API shows wider ones as unknowns (TF's BDCSVD chooses their signs).
 */
export const SvdU: OpDef<SvdAttrs> = defineOp<SvdAttrs>({
  name: 'SvdU',
  display: { api: 'tf.linalg.svd' },
  infer: ([a], { full }) => ({ dtype: checkInput('Svd', a, false), shape: svdShape(a, full, 'u') }),
  kernel: ([a], { full }, _s, dtype) => svdKernel(a.data as NumericData, batchOf(a), ...lastTwo(a), full, 'u', dtype),
  vjp: (g, { inputs: [a], output: u, attrs: { full } }) => {
    const [s, , v] = factors(a, full);
    return [svdGrad(a, s, u, v, zerosLike(s), g, zerosLike(v), full)];
  },
});

export const SvdV: OpDef<SvdAttrs> = defineOp<SvdAttrs>({
  name: 'SvdV',
  display: { api: 'tf.linalg.svd' },
  infer: ([a], { full }) => ({ dtype: checkInput('Svd', a, false), shape: svdShape(a, full, 'v') }),
  kernel: ([a], { full }, _s, dtype) => svdKernel(a.data as NumericData, batchOf(a), ...lastTwo(a), full, 'v', dtype),
  vjp: (g, { inputs: [a], output: v, attrs: { full } }) => {
    const [s, u] = factors(a, full);
    return [svdGrad(a, s, u, v, zerosLike(s), zerosLike(u), g, full)];
  },
});

/** `tf.linalg.svd(tensor, full_matrices)`'s `u` and `v`. */
export function singularVectors(x: TensorLike, full = false): [Tensor, Tensor] {
  const a = toTensor(x);
  return [apply(SvdU, [a], { full, computeUv: true }), apply(SvdV, [a], { full, computeUv: true })];
}

/** `tf.linalg.svd(tensor, full_matrices, compute_uv)`'s singular values. */
export const singularValues = (x: TensorLike, full = false, computeUv = true): Tensor =>
  apply(Svd, [toTensor(x)], { full, computeUv });

/** The shapes of `u` and `v` for `tf.linalg.svd`, and of `v` for `tf.linalg.eigh` (shown without values). */
export const svdVectorShapes = (a: Tensor, full: boolean): [Shape, Shape] => [
  svdShape(a, full, 'u'),
  svdShape(a, full, 'v'),
];
