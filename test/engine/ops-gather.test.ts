import { describe, expect, it } from 'vitest';
import { checkGrads, type Fn } from '../../src/engine/autodiff/gradcheck';
import { gather, gatherNd, scatterNd } from '../../src/engine/ops/gather';
import { mul } from '../../src/engine/ops/math';
import { constant } from '../../src/engine/tensor/convert';
import { IndexedSlices } from '../../src/engine/tensor/indexedSlices';
import type { Tensor } from '../../src/engine/tensor/tensor';
import { f64 } from './helpers';
import { c, expectError, grad1, grads, vals } from './ops-util';

const i32 = (v: Parameters<typeof constant>[0]) => constant(v, 'int32');

describe('gather with batch_dims', () => {
  const p = c([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const idx = i32([
    [2, 0],
    [1, 1],
  ]);
  it('gathers per batch entry', () => {
    const g = gather(p, idx, null, 1);
    expect(g.shape).toEqual([2, 2]);
    expect(vals(g)).toEqual([3, 1, 5, 5]);
  });
  it('batch_dims = 1 with axis 2', () => {
    const q = f64([2, 3, 4], 1);
    const g = gather(q, i32([[3], [0]]), 2, 1);
    expect(g.shape).toEqual([2, 3, 1]);
    for (let b = 0; b < 2; b++)
      for (let o = 0; o < 3; o++) expect(g.num(b * 3 + o)).toBe(q.num((b * 3 + o) * 4 + (b === 0 ? 3 : 0)));
  });
  it('gradient is dense, duplicates summed', () => {
    expect(grad1((t) => gather(t, idx, null, 1), p)).toEqual([1, 0, 1, 0, 2, 0]);
  });
  it('errors', () => {
    expectError(() => gather(p, i32([0, 5])), 'InvalidArgumentError', 'indices[1] = 5 is not in [0, 2) [Op:GatherV2]');
    expectError(
      () => gather(p, i32([[0, 7]]), 1),
      'InvalidArgumentError',
      'indices[0,1] = 7 is not in [0, 3) [Op:GatherV2]',
    );
    expectError(
      () => gather(p, i32([[0], [1], [2]]), 1, 1),
      'InvalidArgumentError',
      'params.shape[0]: 2 should be equal to indices.shape[0]: 3 [Op:GatherV2]',
    );
  });
});

describe('gather_nd and scatter_nd', () => {
  const p = c([
    [1, 2],
    [3, 4],
  ]);
  it('full and partial index tuples', () => {
    expect(
      vals(
        gatherNd(
          p,
          i32([
            [0, 1],
            [1, 0],
          ]),
        ),
      ),
    ).toEqual([2, 3]);
    const rows = gatherNd(p, i32([[1], [0]]));
    expect(rows.shape).toEqual([2, 2]);
    expect(vals(rows)).toEqual([3, 4, 1, 2]);
    expect(gatherNd(p, i32([[[0, 0]]])).shape).toEqual([1, 1]);
  });
  it('scatter_nd sums duplicates', () => {
    expect(vals(scatterNd(i32([[0], [2], [0]]), c([1, 2, 3]), [4]))).toEqual([4, 0, 2, 0]);
    expect(vals(scatterNd(i32([[1, 1]]), c([5]), [2, 2]))).toEqual([0, 0, 0, 5]);
  });
  it('gradient: dense ScatterNd for full tuples, IndexedSlices for [N, 1] indices (AG _GatherNdGrad)', () => {
    expect(
      grad1(
        (t) =>
          gatherNd(
            t,
            i32([
              [0, 1],
              [0, 1],
            ]),
          ),
        p,
      ),
    ).toEqual([0, 2, 0, 0]);
    const [g] = grads((t) => gatherNd(t, i32([[1], [1]])), [p], true);
    expect(g).toBeInstanceOf(IndexedSlices);
    expect(vals((g as IndexedSlices).indices)).toEqual([1, 1]);
    expect(grad1((t) => gatherNd(t, i32([[1], [1]])), p)).toEqual([0, 0, 2, 2]);
    const [dense] = grads((t) => gatherNd(t, i32([[0, 1]])), [p], true);
    expect(dense).not.toBeInstanceOf(IndexedSlices);
  });
  it('errors', () => {
    expectError(
      () => gatherNd(p, i32([[0, 2]])),
      'InvalidArgumentError',
      'indices[0] = [0, 2] does not index into param shape [2,2], node name: GatherNd [Op:GatherNd]',
    );
  });
});

const cases: [string, Fn, Tensor[]][] = [
  [
    'gather batch_dims',
    ([a]) =>
      mul(
        gather(
          a,
          i32([
            [2, 0, 2],
            [1, 1, 0],
          ]),
          null,
          1,
        ),
        2,
      ),
    [f64([2, 3], 1)],
  ],
  [
    'gather batch_dims axis 2',
    ([a]) =>
      mul(
        gather(
          a,
          i32([
            [3, 3],
            [0, 1],
          ]),
          2,
          1,
        ),
        gather(
          a,
          i32([
            [3, 3],
            [0, 1],
          ]),
          2,
          1,
        ),
      ),
    [f64([2, 3, 4], 2)],
  ],
  [
    'gather_nd full tuples',
    ([a]) =>
      mul(
        gatherNd(
          a,
          i32([
            [0, 1],
            [1, 2],
            [0, 1],
          ]),
        ),
        3,
      ),
    [f64([2, 3], 3)],
  ],
  [
    'gather_nd rows',
    ([a]) => mul(gatherNd(a, i32([[1], [0], [1]])), gatherNd(a, i32([[1], [0], [1]]))),
    [f64([2, 3], 4)],
  ],
  [
    'scatter_nd',
    ([u]) => mul(scatterNd(i32([[1], [0], [1]]), u, [3, 2]), scatterNd(i32([[1], [0], [1]]), u, [3, 2])),
    [f64([3, 2], 5)],
  ],
];

describe('gather gradients against finite differences (float64, orders 1 and 2)', () => {
  for (const [name, f, xs] of cases) it(name, () => checkGrads(f, xs, { order: 2 }));
});
