/**
 * The `tf.linalg` functions of the decompositions (`ops/linalgDecomp.ts`), with TF's Python names, argument names and
 * defaults. Eigenvectors are unknowns that keep their shape: their signs are the solver's choice (TF's own float32
 * and float64 kernels choose differently), so no value of them could be TF's for certain. Singular vectors are
 * TF's for matrices with fewer than 16 columns (Eigen's JacobiSVD, followed step by step); for wider ones TF runs
 * Eigen's divide-and-conquer BDCSVD, whose signs are not reproduced, and they are unknowns too.
 */

import { JACOBI_MAX_COLS } from '../kernels/jacobiSvd';
import {
  adjoint,
  bandPart,
  cholesky,
  choleskySolve,
  det,
  eigvalsh,
  l2Normalize,
  logdet,
  qr,
  setDiag,
  singularValues,
  singularVectors,
  slogdetOf,
  svdVectorShapes,
  triangularSolve,
} from '../ops/linalgDecomp';
import { def } from '../python/native';
import { type CallContext, type PyNativeFunction, PyTuple, type PyValue, ShapedUnknown } from '../python/values';
import type { Tensor } from '../tensor/tensor';
import { wrapTensor } from './boxes';
import { axisArg, boolArg, intArg, numberArg, toTensor } from './convert';

const T = (v: PyValue) => toTensor(v);
const W = wrapTensor;

/** An eigenvector or singular-vector matrix: its shape and dtype, not its values. */
const vectors = (what: string, shape: readonly number[], x: Tensor, ctx: CallContext) =>
  new ShapedUnknown(`${what} (its signs are the solver's choice)`, ctx.span, shape, x.dtype);

/** Some matrix's factorisation failed: a NaN on the factor's diagonal where the input's diagonal has none. */
function failedCholesky(x: Tensor, l: Tensor): boolean {
  const n = x.shape[x.rank - 1];
  for (let i = 0; i < x.size; i++) {
    const onDiagonal = Math.floor(i / n) % n === i % n;
    if (onDiagonal && Number.isNaN(l.num(i)) && !Number.isNaN(x.num(i))) return true;
  }
  return false;
}

export function linalgFunctions(): Record<string, PyNativeFunction> {
  return {
    det: def('det(input, name=None)', (a) => W(det(T(a.input)))),
    slogdet: def('slogdet(input, name=None)', (a) => new PyTuple(slogdetOf(T(a.input)).map(W))),
    logdet: def('logdet(matrix, name=None)', (a) => W(logdet(T(a.matrix)))),
    cholesky: def('cholesky(input, name=None)', (a, ctx) => {
      const x = T(a.input);
      const l = cholesky(x);
      // A matrix that is not positive definite: TF fills the lower triangle with NaN and leaves the upper one as
      // uninitialized memory, so no value of the result is TF's for certain.
      if (failedCholesky(x, l)) {
        return new ShapedUnknown(
          'tf.linalg.cholesky of a matrix that is not positive definite (TF leaves part of its result uninitialized)',
          ctx.span,
          l.shape,
          l.dtype,
        );
      }
      return W(l);
    }),
    cholesky_solve: def('cholesky_solve(chol, rhs, name=None)', (a) => W(choleskySolve(T(a.chol), T(a.rhs)))),
    triangular_solve: def('triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None)', (a) =>
      W(triangularSolve(T(a.matrix), T(a.rhs), boolArg(a.lower), boolArg(a.adjoint))),
    ),
    band_part: def('band_part(input, num_lower, num_upper, name=None)', (a) =>
      W(bandPart(T(a.input), intArg(a.num_lower), intArg(a.num_upper))),
    ),
    set_diag: def("set_diag(input, diagonal, name='set_diag', k=0, align='RIGHT_LEFT')", (a) =>
      W(setDiag(T(a.input), T(a.diagonal))),
    ),
    matrix_transpose: def("matrix_transpose(a, name='matrix_transpose', conjugate=False)", (a) => W(adjoint(T(a.a)))),
    adjoint: def('adjoint(matrix, name=None)', (a) => W(adjoint(T(a.matrix)))),
    l2_normalize: def('l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None)', (a) =>
      W(l2Normalize(T(a.x), axisArg(a.axis) ?? null, numberArg(a.epsilon))),
    ),
    qr: def(
      'qr(input, full_matrices=False, name=None)',
      (a) => new PyTuple(qr(T(a.input), boolArg(a.full_matrices)).map(W)),
    ),
    eigvalsh: def('eigvalsh(tensor, name=None)', (a) => W(eigvalsh(T(a.tensor)))),
    eigh: def('eigh(tensor, name=None)', (a, ctx) => {
      const x = T(a.tensor);
      const e = eigvalsh(x);
      return new PyTuple([W(e), vectors('tf.linalg.eigh eigenvectors', x.shape, x, ctx)]);
    }),
    svd: def('svd(tensor, full_matrices=False, compute_uv=True, name=None)', (a, ctx) => {
      const x = T(a.tensor);
      const full = boolArg(a.full_matrices);
      const computeUv = boolArg(a.compute_uv);
      const s = W(singularValues(x, full, computeUv));
      if (!computeUv) return s;
      if (x.rank >= 2 && x.shape[x.rank - 1] < JACOBI_MAX_COLS) {
        const [u, v] = singularVectors(x, full);
        return new PyTuple([s, W(u), W(v)]);
      }
      const [us, vs] = svdVectorShapes(x, full);
      return new PyTuple([s, vectors('tf.linalg.svd u', us, x, ctx), vectors('tf.linalg.svd v', vs, x, ctx)]);
    }),
  };
}
