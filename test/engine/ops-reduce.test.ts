import { describe, expect, it } from 'vitest';
import { checkGrads, type Fn } from '../../src/engine/autodiff/gradcheck';
import { cast, mul } from '../../src/engine/ops/math';
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
} from '../../src/engine/ops/reduce';
import { cumprod, cumsum } from '../../src/engine/ops/scan';
import { constant } from '../../src/engine/tensor/convert';
import type { Tensor } from '../../src/engine/tensor/tensor';
import { f64 } from './helpers';
import { c, expectError, grad1, grads, vals } from './ops-util';

const f32 = Math.fround;

describe('reduction forward values', () => {
  const m = c([
    [1, 2],
    [3, 4],
  ]);
  it('reduce_mean over all, an axis, negative axis, keepdims', () => {
    expect(vals(reduceMean(m))).toEqual([2.5]);
    expect(vals(reduceMean(m, 0))).toEqual([2, 3]);
    expect(vals(reduceMean(m, -1))).toEqual([1.5, 3.5]);
    const k = reduceMean(m, 1, true);
    expect(k.shape).toEqual([2, 1]);
    expect(reduceMean(m, [0, 1]).shape).toEqual([]);
  });
  it('integer reduce_mean truncates toward zero (Eigen integer division)', () => {
    expect(vals(reduceMean(constant([1n, 2n])))).toEqual([1]);
    expect(vals(reduceMean(constant([-1n, -2n])))).toEqual([-1]);
    expect(reduceMean(constant([1n, 2n])).dtype).toBe('int32');
  });
  it('reduce_max / reduce_min / reduce_prod', () => {
    expect(vals(reduceMax(m, 1))).toEqual([2, 4]);
    expect(vals(reduceMin(m, 0))).toEqual([1, 2]);
    expect(vals(reduceProd(m))).toEqual([24]);
    expect(vals(reduceProd(m, 1))).toEqual([2, 12]);
    expect(vals(reduceMax(constant([3n, 7n, -2n])))).toEqual([7]);
  });
  it('max of an empty float tensor is -inf, min is +inf (reducer identities)', () => {
    const e = constant([] as number[]);
    expect(vals(reduceMax(e))).toEqual([-Infinity]);
    expect(vals(reduceMin(e))).toEqual([Infinity]);
    expect(vals(reduceSum(e))).toEqual([0]);
  });
  it('reduce_max propagates NaN', () => {
    expect(vals(reduceMax(c([1, Number.NaN, 2])))[0]).toBeNaN();
  });
  it('reduce_all / reduce_any on bool', () => {
    const b = constant([
      [true, false],
      [true, true],
    ]);
    expect(vals(reduceAll(b, 1))).toEqual([0, 1]);
    expect(vals(reduceAny(b, 0))).toEqual([1, 1]);
    expect(reduceAll(b).dtype).toBe('bool');
    expect(vals(reduceAll(constant([] as boolean[], 'bool')))).toEqual([1]);
  });
  it('reduce_logsumexp: log 2 at zeros, stable for large values, -inf for all -inf', () => {
    expect(vals(reduceLogSumExp(c([0, 0])))).toEqual([f32(Math.LN2)]);
    expect(vals(reduceLogSumExp(c([1000, 1000])))).toEqual([f32(1000 + f32(Math.LN2))]);
    expect(vals(reduceLogSumExp(c([-Infinity, -Infinity])))).toEqual([-Infinity]);
    expect(reduceLogSumExp(c([[0, 0]]), 1, true).shape).toEqual([1, 1]);
  });
  it('reduce_variance / reduce_std', () => {
    expect(vals(reduceVariance(c([1, 2, 3, 4])))).toEqual([1.25]);
    expect(vals(reduceStd(c([1, 2, 3, 4])))).toEqual([f32(Math.sqrt(1.25))]);
    expect(vals(reduceVariance(m, 0))).toEqual([1, 1]);
  });
  it('argmax / argmin: int64 by default, first index on ties, output_type int32', () => {
    const a = argMax(c([1, 3, 3, 2]));
    expect(a.dtype).toBe('int64');
    expect(vals(a)).toEqual([1]);
    expect(vals(argMin(c([2, 1, 5, 1])))).toEqual([1]);
    const b = argMax(
      c([
        [1, 9, 3],
        [7, 2, 7],
      ]),
      1,
      'int32',
    );
    expect(b.dtype).toBe('int32');
    expect(vals(b)).toEqual([1, 0]);
    expect(vals(argMin(m, -2))).toEqual([0, 0]);
  });
  it('cumsum / cumprod with exclusive and reverse', () => {
    const x = c([1, 2, 3, 4]);
    expect(vals(cumsum(x))).toEqual([1, 3, 6, 10]);
    expect(vals(cumsum(x, 0, true))).toEqual([0, 1, 3, 6]);
    expect(vals(cumsum(x, 0, false, true))).toEqual([10, 9, 7, 4]);
    expect(vals(cumsum(x, 0, true, true))).toEqual([9, 7, 4, 0]);
    expect(vals(cumprod(x))).toEqual([1, 2, 6, 24]);
    expect(vals(cumprod(x, 0, true))).toEqual([1, 1, 2, 6]);
    expect(vals(cumsum(m, 1))).toEqual([1, 3, 3, 7]);
  });
  it('float32 cumsum accumulates in float32 step by step (2^24 + 1 + 1 stays 2^24)', () => {
    expect(vals(cumsum(c([16777216, 1, 1])))).toEqual([16777216, 16777216, 16777216]);
    expect(vals(cumsum(c([16777216, 1, 1], 'float64')))).toEqual([16777216, 16777217, 16777218]);
  });
});

describe('reductions over any axis combination match a naive reference', () => {
  const x = f64([2, 3, 1, 4, 5], 3, -2, 2);
  const shape = x.shape;
  /** Naive: visit every element, compute its output position from the kept coordinates. */
  const naive = (axes: number[], f: (a: number, v: number) => number, init: number) => {
    const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const out = new Array<number>(kept.reduce((a, b) => a * b, 1)).fill(init);
    for (let i = 0; i < x.size; i++) {
      let rem = i;
      let o = 0;
      let s = 1;
      for (let d = shape.length - 1; d >= 0; d--) {
        const coord = rem % shape[d];
        rem = Math.floor(rem / shape[d]);
        if (!axes.includes(d)) o += coord * s;
        s *= kept[d];
      }
      out[o] = f(out[o], x.num(i));
    }
    return out;
  };
  for (const axes of [[0], [1], [3], [4], [0, 2], [1, 3], [0, 4], [1, 2, 4], [0, 1, 3, 4], []]) {
    it(`axes [${axes}]`, () => {
      const close = (t: Tensor, want: number[]) => vals(t).forEach((v, i) => void expect(v).toBeCloseTo(want[i], 12));
      close(
        reduceSum(x, axes),
        naive(axes, (a, v) => a + v, 0),
      );
      close(reduceMax(x, axes), naive(axes, Math.max, -Infinity));
      close(reduceMin(x, axes, true), naive(axes, Math.min, Infinity));
      close(
        reduceProd(x, axes),
        naive(axes, (a, v) => a * v, 1),
      );
    });
  }
});

describe('reduction gradient conventions (TF-SEMANTICS §4)', () => {
  it('reduce_max ties split evenly (MG _MinOrMaxGrad)', () => {
    expect(grad1((x) => reduceMax(x), c([1, 3, 3]))).toEqual([0, 0.5, 0.5]);
    expect(grad1((x) => reduceMax(x), c([2, 2, 2]))).toEqual([f32(1 / 3), f32(1 / 3), f32(1 / 3)]);
    expect(
      grad1(
        (x) => reduceMax(x, 1),
        c([
          [1, 5, 5],
          [2, 2, 0],
        ]),
      ),
    ).toEqual([0, 0.5, 0.5, 0.5, 0.5, 0]);
    expect(grad1((x) => reduceMin(x), c([4, 1, 1, 1]))).toEqual([0, f32(1 / 3), f32(1 / 3), f32(1 / 3)]);
  });
  it('reduce_prod gradient works with zeros (exclusive cumprods)', () => {
    expect(grad1((x) => reduceProd(x), c([1, 2, 3, 4]))).toEqual([24, 12, 8, 6]);
    expect(grad1((x) => reduceProd(x), c([2, 0, 3]))).toEqual([0, 6, 0]);
    expect(grad1((x) => reduceProd(x), c([0, 0, 3]))).toEqual([0, 0, 0]);
  });
  it('reduce_mean gradient is 1/n', () => {
    expect(grad1((x) => reduceMean(x), c([1, 2, 3, 4]))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
  it('reduce_logsumexp gradient is the softmax, also at a tie', () => {
    expect(grad1((x) => reduceLogSumExp(x), c([5, 5]))).toEqual([0.5, 0.5]);
  });
  it('argmax has no gradient (None)', () => {
    const [g] = grads((t) => mul(cast(argMax(t), 'float32'), t), [c([1, 2])]);
    expect(vals(g as Tensor)).toEqual([1, 1]);
    expect(grads((t) => cast(argMax(t), 'float32'), [c([1, 2])])[0]).toBeNull();
  });
});

const cases: [string, Fn, number[][]][] = [
  ['mean axis', ([a]) => reduceMean(a, 1), [[2, 3]]],
  ['mean keepdims * x', ([a]) => mul(reduceMean(a, 0, true), a), [[2, 3]]],
  ['mean all', ([a]) => reduceMean(mul(a, a)), [[3, 2]]],
  ['max axis', ([a]) => mul(reduceMax(a, 1), reduceMax(a, 1)), [[3, 4]]],
  ['min axes list', ([a]) => reduceMin(mul(a, a), [0, 2]), [[2, 3, 2]]],
  ['prod axis', ([a]) => reduceProd(a, 1), [[2, 3]]],
  ['prod two axes, keepdims', ([a]) => mul(reduceProd(a, [0, 2], true), a), [[2, 2, 3]]],
  ['prod all', ([a]) => reduceProd(a), [[5]]],
  ['logsumexp axis', ([a]) => reduceLogSumExp(a, -1), [[2, 3]]],
  ['logsumexp all keepdims', ([a]) => reduceLogSumExp(mul(a, 3), null, true), [[2, 2]]],
  ['variance axis', ([a]) => reduceVariance(a, 0), [[3, 2]]],
  ['std', ([a]) => reduceStd(a, 1, true), [[2, 4]]],
  ['cumsum', ([a]) => mul(cumsum(a, 1), a), [[2, 3]]],
  ['cumsum exclusive reverse', ([a]) => mul(cumsum(a, 0, true, true), a), [[4]]],
  ['cumprod', ([a]) => cumprod(a, -1), [[2, 3]]],
  ['cumprod exclusive reverse', ([a]) => cumprod(a, 0, true, true), [[4]]],
];

describe('reduction gradients against finite differences (float64, orders 1 and 2)', () => {
  for (const [name, f, shapes] of cases) {
    it(name, () =>
      checkGrads(
        f,
        shapes.map((s, i) => f64(s, i + 11)),
        { order: 2 },
      ),
    );
  }
});

describe('reduction errors', () => {
  it('axis out of range', () => {
    expectError(
      () => reduceMean(c([[1, 2]]), 2),
      'InvalidArgumentError',
      'Invalid reduction dimension (2 for input with 2 dimension(s) [Op:Mean]',
    );
  });
  it('reduce_all of a non-bool tensor', () => {
    expectError(
      () => reduceAll(c([1, 2])),
      'InvalidArgumentError',
      'cannot compute All as input #0(zero-based) was expected to be a bool tensor but is a float tensor [Op:All]',
    );
  });
  it('reduce_variance of integers is a TypeError', () => {
    expectError(
      () => reduceVariance(constant([1n, 2n])),
      'TypeError',
      "Input must be either real or complex. Received integer type <dtype: 'int32'>.",
    );
  });
  it('argmax errors: empty axis, axis range', () => {
    expectError(
      () => argMax(constant([] as number[])),
      'InvalidArgumentError',
      'Reduction axis 0 is empty in shape [0] [Op:ArgMax]',
    );
    expectError(
      () => argMax(c([1, 2]), 1),
      'InvalidArgumentError',
      'Expected dimension in the range [-1, 1), but got 1 [Op:ArgMax]',
    );
  });
  it('reduce_sum / reduce_mean of bool or string tensors: not a number type in TF', () => {
    expectError(
      () => reduceSum(constant([true, false])),
      'InvalidArgumentError',
      /^Value for attr 'T' of bool is not in the list of allowed values: float, double, int32, .* \[Op:Sum\]$/,
    );
    expectError(() => reduceMean(constant(['a'])), 'InvalidArgumentError', /^Value for attr 'T' of string/);
    expectError(() => reduceMax(constant([true])), 'NotFoundError', /Could not find device for node: \{\{node Max\}\}/);
  });
});
