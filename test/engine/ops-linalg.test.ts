import { describe, expect, it } from 'vitest';
import { checkGrads, type Fn } from '../../src/engine/autodiff/gradcheck';
import { eye } from '../../src/engine/ops/create';
import { einsum } from '../../src/engine/ops/einsum';
import { diag, diagPart, inv, matmul, matvec, norm, solve, tensordot, trace } from '../../src/engine/ops/linalg';
import { add, mul } from '../../src/engine/ops/math';
import { transpose } from '../../src/engine/ops/shape';
import { constant } from '../../src/engine/tensor/convert';
import { Tensor } from '../../src/engine/tensor/tensor';
import { f64 } from './helpers';
import { c, expectClose, expectError, grad1, grads, vals } from './ops-util';

const A = c([
  [1, 2],
  [3, 4],
]);
const B = c([
  [5, 6],
  [7, 8],
]);

/** Reference batched product with NumPy broadcasting, written independently of the kernel. */
function refMatmul(a: Tensor, b: Tensor): { shape: number[]; data: number[] } {
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.rank - 1];
  const ab = a.shape.slice(0, -2);
  const bb = b.shape.slice(0, -2);
  const r = Math.max(ab.length, bb.length);
  const pa = [...Array(r - ab.length).fill(1), ...ab];
  const pb = [...Array(r - bb.length).fill(1), ...bb];
  const batch = pa.map((d, i) => Math.max(d, pb[i]));
  const total = batch.reduce((x, y) => x * y, 1);
  const data: number[] = [];
  for (let t = 0; t < total; t++) {
    let rem = t;
    let ia = 0;
    let ib = 0;
    let sa = 1;
    let sb = 1;
    for (let d = r - 1; d >= 0; d--) {
      const i = rem % batch[d];
      rem = Math.floor(rem / batch[d]);
      ia += (pa[d] === 1 ? 0 : i) * sa;
      ib += (pb[d] === 1 ? 0 : i) * sb;
      sa *= pa[d];
      sb *= pb[d];
    }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a.num(ia * m * k + i * k + p) * b.num(ib * k * n + p * n + j);
        data.push(s);
      }
  }
  return { shape: [...batch, m, n], data };
}

describe('matmul forward', () => {
  it('2x2 products with every transpose combination', () => {
    expect(vals(matmul(A, B))).toEqual([19, 22, 43, 50]);
    expect(vals(matmul(A, B, { transposeA: true }))).toEqual([26, 30, 38, 44]);
    expect(vals(matmul(A, B, { transposeB: true }))).toEqual([17, 23, 39, 53]);
    expect(vals(matmul(A, B, { transposeA: true, transposeB: true }))).toEqual([23, 31, 34, 46]);
    expect(vals(matmul(A, B, { adjointB: true }))).toEqual([17, 23, 39, 53]);
  });
  it('int32 matmul stays int32', () => {
    const r = matmul(constant([[1n, 2n]]), constant([[3n], [4n]]));
    expect(r.dtype).toBe('int32');
    expect(vals(r)).toEqual([11]);
  });
  it('batch dimensions broadcast (BatchMatMulV2)', () => {
    const a = f64([2, 1, 2, 3], 1, -1, 1);
    const b = f64([3, 3, 2], 2, -1, 1);
    const got = matmul(a, b);
    const ref = refMatmul(a, b);
    expect(got.shape).toEqual([2, 3, 2, 2]);
    expectClose(got, ref.data);
    const m2 = f64([2, 3], 3);
    const b3 = f64([4, 3, 5], 4);
    const got2 = matmul(m2, b3);
    expect(got2.shape).toEqual([4, 2, 5]);
    expectClose(got2, refMatmul(m2, b3).data);
  });
  it('batched transposes read the operands transposed', () => {
    const a = f64([2, 3, 2], 5);
    const b = f64([2, 4, 3], 6);
    const got = matmul(a, b, { transposeA: true, transposeB: true });
    const ref = refMatmul(transpose(a, [0, 2, 1]), transpose(b, [0, 2, 1]));
    expect(got.shape).toEqual([2, 2, 4]);
    expectClose(got, ref.data);
  });
  it('float32 results are the float64 sum rounded once', () => {
    const a = c([[0.1, 0.2, 0.3]]);
    const b = c([[0.4], [0.5], [0.6]]);
    const exact = a.num(0) * b.num(0) + a.num(1) * b.num(1) + a.num(2) * b.num(2);
    expect(vals(matmul(a, b))).toEqual([Math.fround(exact)]);
  });
  it('matvec', () => {
    expect(vals(matvec(A, c([1, 1])))).toEqual([3, 7]);
    expect(vals(matvec(A, c([1, 1]), { transposeA: true }))).toEqual([4, 6]);
  });
});

describe('matmul gradients', () => {
  it('d sum(A@B): ones@Bᵀ and Aᵀ@ones', () => {
    const [ga, gb] = grads((a, b) => matmul(a, b), [A, B]);
    expect(vals(ga as Tensor)).toEqual([11, 15, 11, 15]);
    expect(vals(gb as Tensor)).toEqual([4, 4, 6, 6]);
  });
  it('broadcast batch dims are summed back to each operand', () => {
    const a = c([
      [1, 0],
      [0, 1],
    ]);
    const b = c([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]);
    const [ga, gb] = grads((x, y) => matmul(x, y), [a, b]);
    expect((ga as Tensor).shape).toEqual([2, 2]);
    // sum over the batch of ones@bᵀ: row sums of b[0] and b[1] are [3,7] and [11,15]
    expect(vals(ga as Tensor)).toEqual([14, 22, 14, 22]);
    expect((gb as Tensor).shape).toEqual([2, 2, 2]);
  });
});

describe('tensordot and einsum', () => {
  const a = c([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const b = c([
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  it('tensordot with axes=1, a pair of lists, and 0 (outer product)', () => {
    expect(vals(tensordot(a, b, 1))).toEqual([4, 5, 10, 11]);
    expect(vals(tensordot(a, a, [[0], [0]]))).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    expect(tensordot(a, b, 0).shape).toEqual([2, 3, 3, 2]);
    expect(vals(tensordot(c([1, 2]), c([3, 4]), 0))).toEqual([3, 4, 6, 8]);
    expect(
      vals(
        tensordot(a, a, [
          [0, 1],
          [0, 1],
        ]),
      ),
    ).toEqual([91]);
  });
  it('einsum equations', () => {
    expect(vals(einsum('ij,jk->ik', a, b))).toEqual([4, 5, 10, 11]);
    expect(vals(einsum('ij,jk', a, b))).toEqual([4, 5, 10, 11]);
    expect(vals(einsum('ij->ji', a))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(vals(einsum('ii->', A))).toEqual([5]);
    expect(vals(einsum('ii->i', A))).toEqual([1, 4]);
    expect(vals(einsum('ij->', a))).toEqual([21]);
    expect(vals(einsum('ij->j', a))).toEqual([5, 7, 9]);
    expect(vals(einsum('i,i->', c([1, 2, 3]), c([4, 5, 6])))).toEqual([32]);
    expect(vals(einsum('ij,j->i', a, c([1, 1, 1])))).toEqual([6, 15]);
    expect(vals(einsum('i,j->ij', c([1, 2]), c([3, 4, 5])))).toEqual([3, 4, 5, 6, 8, 10]);
    expect(vals(einsum('ij,ij->ij', A, B))).toEqual([5, 12, 21, 32]);
    const x = f64([2, 2, 3], 7);
    const y = f64([2, 3, 4], 8);
    const ref = refMatmul(x, y);
    expectClose(einsum('bij,bjk->bik', x, y), ref.data);
    expectClose(einsum('...ij,...jk->...ik', x, y), ref.data);
  });
  it("einsum 'bxby->bxy' extracts the per-example block diagonal", () => {
    // j[b, x, b', y] = 100 b + 10 b' + x + y / 10
    const data: number[] = [];
    for (let b0 = 0; b0 < 2; b0++)
      for (let x0 = 0; x0 < 3; x0++)
        for (let b1 = 0; b1 < 2; b1++) for (let y0 = 0; y0 < 2; y0++) data.push(100 * b0 + 10 * b1 + x0 + y0 / 10);
    const j = new Tensor('float64', [2, 3, 2, 2], Float64Array.from(data));
    const d = einsum('bxby->bxy', j);
    expect(d.shape).toEqual([2, 3, 2]);
    const want: number[] = [];
    for (let b0 = 0; b0 < 2; b0++)
      for (let x0 = 0; x0 < 3; x0++) for (let y0 = 0; y0 < 2; y0++) want.push(110 * b0 + x0 + y0 / 10);
    expectClose(d, want);
  });
});

describe('diagonals, trace, norm, solve, inv', () => {
  it('diag / diag_part / trace / eye', () => {
    expect(vals(diag(c([1, 2])))).toEqual([1, 0, 0, 2]);
    expect(diag(c([[1, 2]])).shape).toEqual([1, 2, 2]);
    expect(vals(diagPart(a23()))).toEqual([1, 5]);
    expect(vals(trace(A))).toEqual([5]);
    expect(vals(eye(2, 3))).toEqual([1, 0, 0, 0, 1, 0]);
    expect(eye(2, null, [3]).shape).toEqual([3, 2, 2]);
  });
  it('gradients: trace → identity, diag_part of a non-square matrix → its diagonal positions', () => {
    expect(grad1((x) => trace(x), A)).toEqual([1, 0, 0, 1]);
    expect(grad1((x) => diagPart(x), a23())).toEqual([1, 0, 0, 0, 1, 0]);
    expect(grad1((x) => diag(x), c([1, 2]))).toEqual([1, 1]);
  });
  it('norms: euclidean, 1, inf, p, matrix fro / 1 / inf, axis and keepdims', () => {
    const v = c([3, -4]);
    expect(vals(norm(v))).toEqual([5]);
    expect(vals(norm(v, 1))).toEqual([7]);
    expect(vals(norm(v, Infinity))).toEqual([4]);
    expect(norm(v, 3).num()).toBeCloseTo(91 ** (1 / 3), 5);
    expect(norm(c([[3, 4]])).shape).toEqual([]);
    expect(vals(norm(A, 'fro', [0, 1]))).toEqual([Math.fround(Math.sqrt(30))]);
    expect(vals(norm(A, 1, [0, 1]))).toEqual([6]);
    expect(vals(norm(A, Infinity, [0, 1]))).toEqual([7]);
    expect(vals(norm(A, 'euclidean', 1))).toEqual([Math.fround(Math.sqrt(5)), 5]);
    expect(norm(A, 'euclidean', 1, true).shape).toEqual([2, 1]);
  });
  it('norm gradient at the zero vector is NaN (sqrt(reduce_sum(x*x)), TF-SEMANTICS §4)', () => {
    const g = grad1((x) => norm(x), c([0, 0]));
    expect(g.every(Number.isNaN)).toBe(true);
    expect(grad1((x) => norm(x), c([3, 4]))).toEqual([0.6, 0.8].map(Math.fround));
  });
  it('solve with partial pivoting, adjoint, inv', () => {
    const a = constant(
      [
        [2, 1],
        [1, 3],
      ],
      'float64',
    );
    const x = solve(a, constant([[3], [5]], 'float64'));
    expect(vals(x)[0]).toBeCloseTo(0.8, 14);
    expect(vals(x)[1]).toBeCloseTo(1.4, 14);
    expect(
      vals(
        solve(
          c([
            [0, 1],
            [1, 0],
          ]),
          c([[2], [3]]),
        ),
      ),
    ).toEqual([3, 2]);
    const xa = solve(
      constant(
        [
          [1, 2],
          [0, 1],
        ],
        'float64',
      ),
      constant([[1], [4]], 'float64'),
      true,
    );
    // Aᵀ = [[1,0],[2,1]]: x0 = 1, 2 + x1 = 4
    expect(vals(xa)).toEqual([1, 2]);
    const i = inv(
      constant(
        [
          [4, 7],
          [2, 6],
        ],
        'float64',
      ),
    );
    expectClose(i, [0.6, -0.7, -0.2, 0.4], 14);
  });
});

function a23() {
  return c([
    [1, 2, 3],
    [4, 5, 6],
  ]);
}

/** A well-conditioned float64 matrix: random entries plus 3 on the diagonal. */
function wellConditioned(n: number, seed: number, batch: number[] = []): Tensor {
  return add(f64([...batch, n, n], seed), mul(eye(n, null, [], 'float64'), 3));
}

const cases: [string, Fn, Tensor[]][] = [
  ['matmul', ([a, b]) => matmul(a, b), [f64([2, 3], 1), f64([3, 4], 2)]],
  ['matmul transpose_a', ([a, b]) => matmul(a, b, { transposeA: true }), [f64([3, 2], 1), f64([3, 4], 2)]],
  ['matmul transpose_b', ([a, b]) => matmul(a, b, { transposeB: true }), [f64([2, 3], 1), f64([4, 3], 2)]],
  [
    'matmul both transposed',
    ([a, b]) => matmul(a, b, { transposeA: true, transposeB: true }),
    [f64([3, 2], 1), f64([4, 3], 2)],
  ],
  ['matmul self', ([a]) => matmul(a, a), [f64([3, 3], 3)]],
  ['batch matmul broadcast', ([a, b]) => matmul(a, b), [f64([2, 1, 2, 3], 4), f64([3, 3, 2], 5)]],
  ['batch matmul rank 2 x rank 3', ([a, b]) => matmul(a, b), [f64([2, 3], 6), f64([2, 3, 2], 7)]],
  [
    'batch matmul adjoints',
    ([a, b]) => matmul(a, b, { adjointA: true, adjointB: true }),
    [f64([2, 3, 2], 8), f64([1, 4, 3], 9)],
  ],
  ['matvec', ([a, b]) => matvec(a, b), [f64([2, 3], 10), f64([3], 11)]],
  ['tensordot axes 1', ([a, b]) => tensordot(a, b, 1), [f64([2, 3], 12), f64([3, 2], 13)]],
  [
    'tensordot axis lists',
    ([a, b]) =>
      tensordot(a, b, [
        [0, 2],
        [2, 0],
      ]),
    [f64([2, 3, 4], 14), f64([4, 2, 2], 15)],
  ],
  ['einsum bij,bjk->bik', ([a, b]) => einsum('bij,bjk->bik', a, b), [f64([2, 2, 3], 16), f64([2, 3, 2], 17)]],
  ['einsum ii->', ([a]) => einsum('ii->', mul(a, a)), [f64([3, 3], 18)]],
  ['einsum ij,j->i', ([a, b]) => einsum('ij,j->i', a, b), [f64([2, 3], 19), f64([3], 20)]],
  ['einsum bxby->bxy', ([a]) => einsum('bxby->bxy', mul(a, a)), [f64([2, 3, 2, 2], 21)]],
  ['einsum ij->ji', ([a]) => mul(einsum('ij->ji', a), einsum('ij->ji', a)), [f64([2, 3], 22)]],
  ['trace', ([a]) => trace(mul(a, a)), [f64([2, 3, 3], 23)]],
  ['diag', ([a]) => mul(diag(a), diag(a)), [f64([2, 3], 24)]],
  ['diag_part non-square', ([a]) => mul(diagPart(a), diagPart(a)), [f64([3, 2], 25)]],
  ['norm euclidean', ([a]) => norm(a), [f64([2, 3], 26)]],
  ['norm axis keepdims', ([a]) => norm(a, 'euclidean', 1, true), [f64([2, 3], 27)]],
  ['norm 1', ([a]) => norm(a, 1, 0), [f64([2, 3], 28)]],
  ['norm inf', ([a]) => norm(a, Infinity), [f64([4], 29)]],
  ['norm p=3', ([a]) => norm(a, 3), [f64([4], 30)]],
  ['norm matrix fro', ([a]) => norm(a, 'fro', [-2, -1]), [f64([2, 2, 3], 31)]],
  ['solve', ([a, b]) => solve(a, b), [wellConditioned(3, 32), f64([3, 2], 33)]],
  ['solve adjoint batched', ([a, b]) => solve(a, b, true), [wellConditioned(2, 34, [2]), f64([2, 2, 1], 35)]],
  ['inv', ([a]) => inv(a), [wellConditioned(3, 36)]],
];

describe('linear algebra gradients against finite differences (float64, orders 1 and 2)', () => {
  for (const [name, f, xs] of cases) it(name, () => checkGrads(f, xs, { order: 2 }));
});

describe('linear algebra errors (TF texts)', () => {
  it('matmul shape and dtype errors', () => {
    expectError(
      () => matmul(c([1, 2]), c([[1], [2]])),
      'InvalidArgumentError',
      'In[0] and In[1] has different ndims: [2] vs. [2,1] [Op:MatMul] name: ',
    );
    expectError(
      () => matmul(c([1, 2]), c([1, 2])),
      'InvalidArgumentError',
      'In[0] and In[1] ndims must be == 2: 1 [Op:MatMul] name: ',
    );
    expectError(
      () => matmul(a23(), a23()),
      'InvalidArgumentError',
      'Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3] [Op:MatMul] name: ',
    );
    expectError(
      () =>
        matmul(
          A,
          constant(
            [
              [1, 2],
              [3, 4],
            ],
            'float64',
          ),
        ),
      'InvalidArgumentError',
      'cannot compute MatMul as input #1(zero-based) was expected to be a float tensor but is a double tensor [Op:MatMul] name: ',
    );
    expectError(
      () => matmul(c([1, 2], 'float64'), f64([2, 2, 2])),
      'InvalidArgumentError',
      'In[0] ndims must be >= 2: 1 [Op:BatchMatMulV2] name: ',
    );
    expectError(
      () => matmul(f64([2, 2, 3]), f64([3, 3, 2])),
      'InvalidArgumentError',
      'In[0] and In[1] must have compatible batch dimensions: [2,2,3] vs. [3,3,2] [Op:BatchMatMulV2] name: ',
    );
    expectError(() => matmul(constant([[true]]), constant([[true]])), 'NotFoundError', /node MatMul/);
  });
  it('solve errors', () => {
    expectError(
      () =>
        solve(
          c([
            [1, 2],
            [2, 4],
          ]),
          c([[1], [2]]),
        ),
      'InvalidArgumentError',
      'Input matrix is not invertible. [Op:MatrixSolve]',
    );
    expectError(
      () => solve(a23(), c([[1], [2]])),
      'InvalidArgumentError',
      'First input (lhs) must be a square matrix. [Op:MatrixSolve]',
    );
    expectError(
      () => solve(A, c([[1], [2], [3]])),
      'InvalidArgumentError',
      'Input matrix and right-hand side must have the same number of rows. [Op:MatrixSolve]',
    );
  });
  it('tensordot / norm argument errors', () => {
    expectError(
      () => tensordot(A, B, [[0], [0, 1]]),
      'ValueError',
      'Different number of contraction axes `a` and `b`, 1 != 2.',
    );
    expectError(() => norm(A, 'fro'), 'ValueError', "'ord' must be a supported vector norm, got fro.");
    expectError(
      () => norm(A, 3, [0, 1]),
      'ValueError',
      "'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got 3",
    );
    // The matrix 2-norm is the largest singular value: √(15 + √221) for [[1, 2], [3, 4]] (AᵀA = [[10, 14], [14, 20]]).
    expect(vals(norm(A, 2, [0, 1]))[0]).toBeCloseTo(Math.sqrt(15 + Math.sqrt(221)), 5);
  });
});
