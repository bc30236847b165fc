import { describe, expect, it } from 'vitest';
import { checkGrads, type Fn } from '../../src/engine/autodiff/gradcheck';
import { reshape } from '../../src/engine/ops/array';
import { range } from '../../src/engine/ops/create';
import { mul } from '../../src/engine/ops/math';
import { type SliceItem, stridedSlice } from '../../src/engine/ops/slice';
import { f64 } from './helpers';
import { expectError, grad1, vals } from './ops-util';

const sl = (start?: number | null, stop?: number | null, step?: number | null): SliceItem => ({
  kind: 'slice',
  start,
  stop,
  step,
});
const ix = (i: number): SliceItem => ({ kind: 'index', i });
const all = sl();
const NEW: SliceItem = { kind: 'newaxis' };
const ELL: SliceItem = { kind: 'ellipsis' };

/** x = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]] (float32). */
const x = () => reshape(range(12), [3, 4]);

describe('Python indexing lowered to StridedSlice', () => {
  it('x[1:, ::2]', () => {
    const y = stridedSlice(x(), [sl(1), sl(null, null, 2)]);
    expect(y.shape).toEqual([2, 2]);
    expect(vals(y)).toEqual([4, 6, 8, 10]);
  });
  it('x[0][1], x[-1], x[1, -2]', () => {
    expect(vals(stridedSlice(stridedSlice(x(), [ix(0)]), [ix(1)]))).toEqual([1]);
    expect(stridedSlice(x(), [ix(0), ix(1)]).shape).toEqual([]);
    expect(vals(stridedSlice(x(), [ix(-1)]))).toEqual([8, 9, 10, 11]);
    expect(vals(stridedSlice(x(), [ix(1), ix(-2)]))).toEqual([6]);
  });
  it('x[..., 0], x[:, tf.newaxis], x[tf.newaxis, ..., tf.newaxis]', () => {
    expect(vals(stridedSlice(x(), [ELL, ix(0)]))).toEqual([0, 4, 8]);
    expect(stridedSlice(x(), [all, NEW]).shape).toEqual([3, 1, 4]);
    expect(stridedSlice(x(), [NEW, ELL, NEW]).shape).toEqual([1, 3, 4, 1]);
    expect(stridedSlice(x(), [ELL]).shape).toEqual([3, 4]);
  });
  it('negative steps and Python clamping of slice bounds', () => {
    expect(vals(stridedSlice(x(), [sl(null, null, -1), ix(0)]))).toEqual([8, 4, 0]);
    expect(vals(stridedSlice(x(), [ix(0), sl(null, null, -2)]))).toEqual([3, 1]);
    expect(vals(stridedSlice(x(), [ix(0), sl(-2, 0, -1)]))).toEqual([2, 1]);
    expect(vals(stridedSlice(x(), [sl(1, 100), ix(3)]))).toEqual([7, 11]);
    expect(stridedSlice(x(), [sl(5)]).shape).toEqual([0, 4]);
    expect(stridedSlice(x(), [sl(2, 1)]).shape).toEqual([0, 4]);
    expect(vals(stridedSlice(x(), [ix(2), sl(-100, 2)]))).toEqual([8, 9]);
  });
});

describe('StridedSlice gradient', () => {
  it('is dense: zeros with the upstream at the sliced positions', () => {
    expect(grad1((t) => stridedSlice(t, [sl(1), sl(null, null, 2)]), x())).toEqual([
      0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0,
    ]);
    expect(grad1((t) => stridedSlice(t, [ELL, ix(-1)]), x())).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});

const cases: [string, Fn, number[][]][] = [
  [
    'x[1:, ::2]',
    ([a]) => mul(stridedSlice(a, [sl(1), sl(null, null, 2)]), stridedSlice(a, [sl(1), sl(1, null, 2)])),
    [[3, 4]],
  ],
  [
    'x[0][1] * x[..., 0]',
    ([a]) => mul(stridedSlice(stridedSlice(a, [ix(0)]), [ix(1)]), stridedSlice(a, [ELL, ix(0)])),
    [[3, 4]],
  ],
  ['x[::-1, newaxis]', ([a]) => mul(stridedSlice(a, [sl(null, null, -1), NEW]), stridedSlice(a, [all, NEW])), [[3, 2]]],
  [
    'x[-1, 1:3] squared',
    ([a]) => mul(stridedSlice(a, [ix(-1), sl(1, 3)]), stridedSlice(a, [ix(-1), sl(1, 3)])),
    [[2, 4]],
  ],
];

describe('StridedSlice gradients against finite differences (float64, orders 1 and 2)', () => {
  for (const [name, f, shapes] of cases) {
    it(name, () =>
      checkGrads(
        f,
        shapes.map((s, i) => f64(s, i + 41)),
        { order: 2 },
      ),
    );
  }
});

describe('StridedSlice errors (TF texts, eager name scope)', () => {
  it('an index out of bounds', () => {
    expectError(
      () => stridedSlice(x(), [ix(5)]),
      'InvalidArgumentError',
      'slice index 5 of dimension 0 out of bounds. [Op:StridedSlice] name: strided_slice/',
    );
    expectError(
      () => stridedSlice(x(), [all, ix(4)]),
      'InvalidArgumentError',
      'slice index 4 of dimension 1 out of bounds. [Op:StridedSlice] name: strided_slice/',
    );
    // TF reports the index after adding the dimension: -4 + 3 = -1.
    expectError(
      () => stridedSlice(x(), [ix(-4)]),
      'InvalidArgumentError',
      'slice index -1 of dimension 0 out of bounds. [Op:StridedSlice] name: strided_slice/',
    );
  });
  it('too many indices, two ellipses, zero step', () => {
    expectError(
      () => stridedSlice(x(), [ix(0), ix(0), ix(0)]),
      'InvalidArgumentError',
      'Index out of range using input dim 2; input has only 2 dims [Op:StridedSlice] name: strided_slice/',
    );
    expectError(
      () => stridedSlice(x(), [ELL, ELL]),
      'InvalidArgumentError',
      'Multiple ellipses in slice spec not allowed [Op:StridedSlice] name: strided_slice/',
    );
    expectError(
      () => stridedSlice(x(), [sl(null, null, 0)]),
      'InvalidArgumentError',
      'strides[0] must be non-zero [Op:StridedSlice] name: strided_slice/',
    );
  });
});
