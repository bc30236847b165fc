/**
 * The tf.linalg decompositions: values against real TensorFlow's on seeded random matrices
 * (`fixtures/tf-linalg.json`, written by `scripts/oracle/linalg_fixture.py`) and against closed forms, TF's error
 * texts, batching, and gradients against central differences (float64, first and second order).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGrads } from '../../src/engine/autodiff/gradcheck';
import { UnknownResult } from '../../src/engine/errors';
import { matmul, norm } from '../../src/engine/ops/linalg';
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
  triangularSolve,
} from '../../src/engine/ops/linalgDecomp';
import { add, mul } from '../../src/engine/ops/math';
import { reduceSum } from '../../src/engine/ops/reduce';
import { transpose } from '../../src/engine/ops/shape';
import type { DType } from '../../src/engine/tensor/dtype';
import { Tensor } from '../../src/engine/tensor/tensor';
import { f64 } from './helpers';
import { c, expectError, grads, vals } from './ops-util';

interface Case {
  dtype: DType;
  a: number[][];
  qr: { q: number[][]; r: number[][]; q_full: number[][]; r_full: number[][] };
  singular_values: number[];
  svd: { s: number[]; u: number[][]; v: number[][]; u_full: number[][]; v_full: number[][] };
  square: number[][];
  det: number;
  slogdet: [number, number];
  sym: number[][];
  eigvalsh: number[];
  spd: number[][];
  cholesky: number[][];
}
const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'tf-linalg.json'), 'utf8')) as {
  cases: Case[];
};

/** TF's comparison: float32 within 1e-5 relative or 1e-6 absolute, float64 within 1e-8 relative or 1e-12 absolute. */
function expectTf(
  actual: Tensor,
  expected: number[][] | number[] | number,
  dtype: DType,
  label: string,
  float32Atol = 1e-6,
): void {
  const want = [expected].flat(2) as number[];
  const got = vals(actual);
  expect(got.length, label).toBe(want.length);
  const [rtol, atol] = dtype === 'float32' ? [1e-5, float32Atol] : [1e-8, 1e-12];
  got.forEach((g, i) => {
    const ok = Math.abs(g - want[i]) <= atol + rtol * Math.abs(want[i]) || (Number.isNaN(g) && Number.isNaN(want[i]));
    expect(ok, `${label}[${i}]: ${g} vs TF ${want[i]}`).toBe(true);
  });
}

describe('values against real TensorFlow (80 random matrices, 1×1 to 10×10, float32 and float64)', () => {
  it('qr: q and r, reduced and full, with TF’s signs (Householder as Eigen chooses them)', () => {
    for (const [i, k] of fixture.cases.entries()) {
      const a = c(k.a, k.dtype);
      const [q, r] = qr(a);
      const [qf, rf] = qr(a, true);
      expectTf(q, k.qr.q, k.dtype, `case ${i} q`);
      expectTf(r, k.qr.r, k.dtype, `case ${i} r`);
      expectTf(qf, k.qr.q_full, k.dtype, `case ${i} q full`);
      expectTf(rf, k.qr.r_full, k.dtype, `case ${i} r full`);
    }
  });

  it('svd: u and v, thin and full, with TF’s signs (Eigen’s JacobiSVD, step by step)', () => {
    for (const [i, k] of fixture.cases.entries()) {
      const a = c(k.a, k.dtype);
      const [u, v] = singularVectors(a);
      const [uf, vf] = singularVectors(a, true);
      // TF's float32 kernel rotates in float32: its unit vectors' entries carry errors of a few 1e-6.
      expectTf(u, k.svd.u, k.dtype, `case ${i} u`, 1e-5);
      expectTf(v, k.svd.v, k.dtype, `case ${i} v`, 1e-5);
      expectTf(uf, k.svd.u_full, k.dtype, `case ${i} u full`, 1e-5);
      expectTf(vf, k.svd.v_full, k.dtype, `case ${i} v full`, 1e-5);
      expectTf(singularValues(a, true), k.svd.s, k.dtype, `case ${i} s`);
    }
  });

  it('singular values, eigenvalues, determinants, Cholesky factors', () => {
    for (const [i, k] of fixture.cases.entries()) {
      expectTf(singularValues(c(k.a, k.dtype)), k.singular_values, k.dtype, `case ${i} svd`);
      expectTf(det(c(k.square, k.dtype)), k.det, k.dtype, `case ${i} det`);
      const [sign, logAbs] = slogdetOf(c(k.square, k.dtype));
      expectTf(sign, k.slogdet[0], k.dtype, `case ${i} sign`);
      expectTf(logAbs, k.slogdet[1], k.dtype, `case ${i} log|det|`);
      expectTf(eigvalsh(c(k.sym, k.dtype)), k.eigvalsh, k.dtype, `case ${i} eigvalsh`);
      expectTf(cholesky(c(k.spd, k.dtype)), k.cholesky, k.dtype, `case ${i} cholesky`);
    }
  });
});

describe('values against closed forms', () => {
  it('det and slogdet of batches; a 0×0 matrix has determinant 1; a singular one 0, sign 0, log -inf', () => {
    const batch = c([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [0, 2],
        [3, 1],
      ],
    ]);
    expect(vals(det(batch))).toEqual([-2, -6]);
    const [sign, logAbs] = slogdetOf(batch);
    expect(vals(sign)).toEqual([-1, -1]);
    expect(vals(logAbs)[1]).toBeCloseTo(Math.log(6), 6);
    expect(vals(det(new Tensor('float32', [0, 0], new Float32Array(0))))).toEqual([1]);
    const singular = c([
      [1, 2],
      [2, 4],
    ]);
    expect(vals(det(singular))).toEqual([0]);
    expect(vals(slogdetOf(singular)[0])).toEqual([0]);
    expect(vals(slogdetOf(singular)[1])).toEqual([-Infinity]);
  });

  it('cholesky fills the lower triangle of a matrix that is not positive definite with NaN, per matrix (the op keeps zeros above it; TF leaves that memory uninitialized, so tf.linalg.cholesky shows an unknown)', () => {
    const l = vals(
      cholesky(
        c([
          [
            [4, 2],
            [2, 3],
          ],
          [
            [1, 2],
            [2, 1],
          ],
        ]),
      ),
    );
    expect(l.slice(0, 4)).toEqual([2, 0, 1, Math.fround(Math.SQRT2)]);
    expect(l.slice(4)).toEqual([Number.NaN, 0, Number.NaN, Number.NaN]);
  });

  it('triangular_solve reads one triangle and broadcasts batch dimensions; cholesky_solve solves A x = b', () => {
    const a = c([
      [2, 99],
      [1, 4],
    ]);
    const b = c([
      [[2], [9]],
      [[4], [6]],
    ]);
    const x = triangularSolve(a, b);
    expect(x.shape).toEqual([2, 2, 1]);
    expect(vals(x)).toEqual([1, 2, 2, 1]);
    expect(vals(triangularSolve(a, c([[2], [8]]), false))).toEqual([-98, 2]);
    expect(vals(triangularSolve(a, c([[4], [8]]), true, true))).toEqual([1, 2]);
    const l = c([
      [2, 0],
      [1, 3],
    ]);
    // A = L Lᵀ = [[4, 2], [2, 10]]; A [1, 1]ᵀ = [6, 12]ᵀ.
    expect(vals(choleskySolve(l, c([[6], [12]])))).toEqual([1, 1]);
  });

  it('logdet, band_part, set_diag, adjoint, l2_normalize', () => {
    expect(
      vals(
        logdet(
          c(
            [
              [4, 2],
              [2, 3],
            ],
            'float64',
          ),
        ),
      )[0],
    ).toBeCloseTo(Math.log(8), 14);
    const x = c([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(vals(bandPart(x, 0, 1))).toEqual([1, 2, 0, 0, 5, 6, 0, 0, 9]);
    expect(vals(bandPart(x, -1, 0))).toEqual([1, 0, 0, 4, 5, 0, 7, 8, 9]);
    expect(vals(setDiag(x, c([0, 0, 0])))).toEqual([0, 2, 3, 4, 0, 6, 7, 8, 0]);
    expect(vals(adjoint(c([[[1, 2, 3]]])))).toEqual([1, 2, 3]);
    expect(adjoint(c([[[1, 2, 3]]])).shape).toEqual([1, 3, 1]);
    const n = l2Normalize(
      c(
        [
          [3, 4],
          [0, 0],
        ],
        'float64',
      ),
      1,
    );
    [0.6, 0.8, 0, 0].forEach((w, i) => {
      expect(vals(n)[i]).toBeCloseTo(w, 15);
    });
  });

  it('eigvalsh of a 2×2 block is (a+d)/2 ± √(((a−d)/2)² + b²), ascending, from the lower triangle', () => {
    const e = vals(
      eigvalsh(
        c(
          [
            [3, 100],
            [1, 1],
          ],
          'float64',
        ),
      ),
    );
    expect(e[0]).toBeCloseTo(2 - Math.SQRT2, 14);
    expect(e[1]).toBeCloseTo(2 + Math.SQRT2, 14);
  });

  it('svd of a rank-deficient matrix has a zero singular value; wide and tall matrices agree with the transpose', () => {
    const s = vals(
      singularValues(
        c(
          [
            [1, 2],
            [2, 4],
            [3, 6],
          ],
          'float64',
        ),
      ),
    );
    expect(s[0]).toBeCloseTo(Math.sqrt(70), 13);
    expect(Math.abs(s[1])).toBeLessThan(1e-14);
    const a = f64([2, 4], 7);
    const st = vals(singularValues(transpose(a)));
    vals(singularValues(a)).forEach((v, i) => {
      expect(v).toBeCloseTo(st[i], 14);
    });
  });
});

describe('tf.norm(ord=2) over an axis pair: the largest singular value', () => {
  it('of a diagonal matrix is its largest |entry|, for either order of the axes, batched', () => {
    const x = c([
      [
        [2, 0],
        [0, -5],
      ],
      [
        [-1, 0],
        [0, 0.5],
      ],
    ]);
    expect(vals(norm(x, 2, [1, 2]))).toEqual([5, 1]);
    const kept = norm(x, 2, [-1, -2], true);
    expect(kept.shape).toEqual([2, 1, 1]);
    expect(vals(kept)).toEqual([5, 1]);
  });
});

describe('TF’s error texts', () => {
  it('non-square, rank < 2 and integer input', () => {
    expectError(
      () => det(c([[1, 2, 3]])),
      'InvalidArgumentError',
      'Input matrix must be square. [Op:MatrixDeterminant] name: ',
    );
    expectError(
      () => cholesky(c([1, 2])),
      'InvalidArgumentError',
      'Input tensor 0 must have rank >= 2, got 1 [Op:Cholesky] name: ',
    );
    expectError(
      () => qr(c([[1, 2]], 'int32')),
      'InvalidArgumentError',
      "Value for attr 'T' of int32 is not in the list of allowed values: double, float, half, complex64, complex128 [Op:Qr]",
    );
    expectError(
      () =>
        triangularSolve(
          c([
            [1, 0],
            [1, 1],
          ]),
          c([[1], [2], [3]]),
        ),
      'InvalidArgumentError',
      'In[0] mismatch In[1] shape: 2 vs. 3: [2,2] [3,1] 1 0 [Op:MatrixTriangularSolve] name: ',
    );
    expectError(
      () => bandPart(c([[1, 2, 3]]), 2, 0),
      'InvalidArgumentError',
      'num_lower must be negative or less or equal to number of rows (1) got: 2 [Op:MatrixBandPart]',
    );
    expectError(
      () => adjoint(c([1, 1, 1])),
      'ValueError',
      'Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` = [1. 1. 1.] with shape: (3,)',
    );
  });

  it('the gradient of a singular matrix’s determinant: its inverse does not exist', () => {
    expectError(
      () =>
        grads(
          (a) => det(a),
          [
            c([
              [1, 2],
              [2, 4],
            ]),
          ],
        ),
      'InvalidArgumentError',
      'Input is not invertible. [Op:MatrixInverse]',
    );
  });

  it('QR and SVD gradients TF has not implemented', () => {
    expectError(
      () => grads((a) => qr(a, true)[1], [f64([4, 3], 1)]),
      'NotImplementedError',
      'QrGrad not implemented when nrows > ncols and full_matrices is true. Received r.shape=(4, 3) with nrows=4and ncols=3.',
    );
    expectError(
      () =>
        grads(
          (a) => singularValues(a, true, true),
          [
            c(
              [
                [1, 2],
                [3, 4],
                [5, 6],
                [7, 8],
              ],
              'float64',
            ),
          ],
        ),
      'NotImplementedError',
      'svd gradient is not implemented for abs(m - n) > 1 when full_matrices is True. Received: m=2 and n=4 from op input=[[1. 2.]\n [3. 4.]\n [5. 6.]\n [7. 8.]] with shape=(4, 2).',
    );
    // Without u and v there is nothing unimplemented.
    expect(grads((a) => singularValues(a, true, false), [f64([4, 2], 2)])[0]).not.toBeNull();
  });
});

describe('gradients against central differences (float64, orders 1 and 2)', () => {
  const spd = (x: Tensor) =>
    add(
      matmul(x, x, { transposeB: true }),
      mul(
        c(
          [
            [4, 0, 0],
            [0, 4, 0],
            [0, 0, 4],
          ],
          'float64',
        ),
        1,
      ),
    );
  const cases: [string, (xs: Tensor[]) => Tensor, () => Tensor[]][] = [
    ['det, batched', ([a]) => det(a), () => [f64([2, 3, 3], 11, -1, 1)]],
    ['logdet of X Xᵀ + 4I', ([x]) => logdet(spd(x)), () => [f64([3, 3], 12, -1, 1)]],
    ['cholesky_solve', ([x, b]) => choleskySolve(cholesky(spd(x)), b), () => [f64([3, 3], 13, -1, 1), f64([3, 2], 14)]],
    [
      'triangular_solve with broadcast batch',
      ([a, b]) =>
        triangularSolve(
          add(
            a,
            c(
              [
                [3, 0],
                [0, 3],
              ],
              'float64',
            ),
          ),
          b,
          false,
          true,
        ),
      () => [f64([2, 2], 15), f64([3, 2, 2], 16)],
    ],
    [
      'qr of a wide matrix, both factors',
      ([a]) => add(reduceSum(qr(a)[0]), reduceSum(mul(qr(a)[1], qr(a)[1]))),
      () => [f64([2, 4], 17, -1, 1)],
    ],
    ['qr of a batch of tall matrices', ([a]) => mul(qr(a)[1], qr(a)[1]), () => [f64([2, 4, 2], 18, -1, 1)]],
    ['svd, tall, singular values', ([a]) => singularValues(a), () => [f64([4, 3], 19, -1, 1)]],
    ['svd, wide, batched, full', ([a]) => singularValues(a, true, false), () => [f64([2, 2, 3], 20, -1, 1)]],
    ['eigvalsh, batched', ([x]) => eigvalsh(add(x, transpose(x, [0, 2, 1]))), () => [f64([2, 3, 3], 21, -1, 1)]],
  ];
  for (const [name, f, inputs] of cases) it(name, () => checkGrads(f, inputs(), { order: 2 }));

  it('repeated eigenvalues weighted differently give an unknown gradient (the eigenvector basis is TF’s choice)', () => {
    // Eigenvalues 1, 1, 4: the gradient of e[0] alone depends on the basis of the repeated eigenspace.
    const a = c(
      [
        [2, 1, 1],
        [1, 2, 1],
        [1, 1, 2],
      ],
      'float64',
    );
    expect(() => grads((x) => mul(eigvalsh(x), c([1, 0, 0], 'float64')), [a])).toThrow(UnknownResult);
    // Equal weights on the repeated pair do not depend on it: the gradient of the trace is the identity.
    const [g] = grads((x) => reduceSum(eigvalsh(x)), [a]);
    [1, 0, 0, 0, 1, 0, 0, 0, 1].forEach((w, i) => {
      expect(vals(g as Tensor)[i]).toBeCloseTo(w, 14);
    });
  });

  it('the eigenvalue gradient lives in the lower triangle, as TF puts it', () => {
    const [g] = grads(
      (a) => reduceSum(mul(eigvalsh(a), c([1, 2], 'float64'))),
      [
        c(
          [
            [2, 1],
            [1, 2],
          ],
          'float64',
        ),
      ],
    );
    // v₁ = [1, -1]/√2 (e = 1), v₂ = [1, 1]/√2 (e = 3): Σ wᵢ vᵢvᵢᵀ = [[1.5, 0.5], [0.5, 1.5]], folded: [[1.5, 0], [1, 1.5]].
    const got = vals(g as Tensor);
    [1.5, 0, 1, 1.5].forEach((w, i) => {
      expect(got[i]).toBeCloseTo(w, 14);
    });
  });
});
