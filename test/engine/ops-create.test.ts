import { describe, expect, it } from 'vitest';
import { checkGrads } from '../../src/engine/autodiff/gradcheck';
import { eye, linspace, oneHot, range } from '../../src/engine/ops/create';
import { mul } from '../../src/engine/ops/math';
import { constant } from '../../src/engine/tensor/convert';
import { f64 } from './helpers';
import { c, expectError, grad1, vals } from './ops-util';

const f32 = Math.fround;

describe('tf.range', () => {
  it('dtype inference: Python ints → int32, any float → float32; explicit dtype', () => {
    const r = range(5n);
    expect(r.dtype).toBe('int32');
    expect(vals(r)).toEqual([0, 1, 2, 3, 4]);
    expect(vals(range(1n, 10n, 3n))).toEqual([1, 4, 7]);
    expect(vals(range(5n, 0n, -2n))).toEqual([5, 3, 1]);
    expect(range(1n, 5).dtype).toBe('float32');
    const f = range(24n, null, 1n, 'float32');
    expect(f.dtype).toBe('float32');
    expect(f.shape).toEqual([24]);
    expect(range(3n, null, 1n, 'float64').dtype).toBe('float64');
    expect(range(constant(3n, 'int64')).dtype).toBe('int64');
  });
  it('float32 values accumulate step by step like the kernel (TF prints 0.70000005 0.8000001 0.9000001)', () => {
    expect(vals(range(0, 1, 0.1))).toEqual(
      [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.70000005, 0.8000001, 0.9000001].map(f32),
    );
  });
  it('empty and error cases', () => {
    expect(range(0n).shape).toEqual([0]);
    expectError(() => range(5n, 2n), 'InvalidArgumentError', 'Requires start <= limit when delta > 0: 5/2 [Op:Range]');
    expectError(() => range(0n, 5n, 0n), 'InvalidArgumentError', 'Requires delta != 0: 0 [Op:Range]');
    expectError(
      () => range(0n, 5n, -1n),
      'InvalidArgumentError',
      'Requires start >= limit when delta < 0: 0/5 [Op:Range]',
    );
  });
});

describe('tf.linspace', () => {
  it('float32 endpoints and evenly spaced values', () => {
    const l = linspace(-2.0, 2.0, 5);
    expect(l.dtype).toBe('float32');
    expect(vals(l)).toEqual([-2, -1, 0, 1, 2]);
    expect(vals(linspace(10.0, 12.0, 3))).toEqual([10, 11, 12]);
    expect(vals(linspace(3.0, 7.0, 1))).toEqual([3]);
    expect(linspace(3.0, 7.0, 0).shape).toEqual([0]);
  });
  it('interior values are start + delta * i rounded in float32, the last is exactly stop', () => {
    const delta = f32(f32(1) / 9);
    const want = [0, ...Array.from({ length: 8 }, (_, i) => f32(0 + f32(delta * (i + 1)))), 1];
    expect(vals(linspace(0.0, 1.0, 10))).toEqual(want);
  });
  it('integer endpoints divide to float64', () => {
    const l = linspace(0n, 1n, 3);
    expect(l.dtype).toBe('float64');
    expect(vals(l)).toEqual([0, 0.5, 1]);
  });
  it('vector endpoints and axis', () => {
    const l = linspace(c([0, 10]), c([1, 20]), 3);
    expect(l.shape).toEqual([3, 2]);
    expect(vals(l)).toEqual([0, 10, 0.5, 15, 1, 20]);
    expect(linspace(c([0, 10]), c([1, 20]), 3, -1).shape).toEqual([2, 3]);
  });
  it('is differentiable in start and stop, as TF 2 composes it', () => {
    // d/dstart sum(linspace(s, e, 5)) = sum over i of (1 - i/4) = 2.5
    expect(grad1((s) => linspace(s, 4.0, 5), c(0))).toEqual([2.5]);
    checkGrads(([a, b]) => mul(linspace(a, b, 4), linspace(a, b, 4)), [f64([2], 1), f64([2], 2, 2, 3)], {
      order: 2,
    });
  });
});

describe('tf.eye and tf.one_hot', () => {
  it('eye', () => {
    expect(vals(eye(3))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(eye(2, 4).shape).toEqual([2, 4]);
    expect(vals(eye(3, 2))).toEqual([1, 0, 0, 1, 0, 0]);
    expect(eye(2, null, [], 'int32').dtype).toBe('int32');
  });
  it('one_hot: out-of-range indices give an all-off row; axis; on/off values; dtype', () => {
    const o = oneHot(constant([0n, 2n, -1n, 5n]), 3);
    expect(o.dtype).toBe('float32');
    expect(o.shape).toEqual([4, 3]);
    expect(vals(o)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(vals(oneHot(constant([0n, 2n]), 3, { axis: 0 }))).toEqual([1, 0, 0, 0, 0, 1]);
    expect(vals(oneHot(constant([1n]), 2, { onValue: 5, offValue: -1 }))).toEqual([-1, 5]);
    const i = oneHot(constant([1n]), 2, { onValue: constant(7n), offValue: constant(0n) });
    expect(i.dtype).toBe('int32');
    expect(vals(i)).toEqual([0, 7]);
    expect(oneHot(constant([[1n, 0n]]), 3).shape).toEqual([1, 2, 3]);
  });
  it('one_hot dtype mismatch is a TypeError', () => {
    expectError(
      () => oneHot(constant([1n]), 2, { onValue: constant(1n), dtype: 'float32' }),
      'TypeError',
      "dtype <dtype: 'int32'> of on_value does not match dtype parameter <dtype: 'float32'>",
    );
  });
});
